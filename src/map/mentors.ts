import type { Duty, Group } from '../ist/wire/resources.ts';
import type { ActiveDuty } from './duties.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import { isValidOn, type Dated, type ValidityWindow } from './validity.ts';

// Mentor relations. SS 12000 gives them two ways: Duty.assignmentRole[] ({group, assignmentRoleType}) and,
// on groups read with expand=assignmentRoles, Group._embedded.assignmentRoles[] ({duty, assignmentRoleType}).
// The wire schemas pass both through untyped (loose objects); they are read here.

const MENTOR = 'Mentor';

interface DutyAssignmentRole extends Dated {
  group?: { id?: unknown };
  assignmentRoleType?: unknown;
}
interface GroupAssignmentRole extends Dated {
  duty?: { id?: unknown };
  assignmentRoleType?: unknown;
}

/** Group id → person ids of its mentors, valid on the run date; assignments to unknown duties are reported. */
export function mentorsByGroup(duties: Duty[], groups: Group[], active: Map<string, ActiveDuty>, window: ValidityWindow, issues: QualityIssue[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (groupId: string, personId: string) => (out.get(groupId) ?? out.set(groupId, new Set()).get(groupId)!).add(personId);

  for (const duty of duties) {
    const roles = (duty as { assignmentRole?: DutyAssignmentRole[] }).assignmentRole;
    const mapped = active.get(duty.id);
    if (!Array.isArray(roles) || !mapped) continue;
    for (const role of roles) {
      if (role.assignmentRoleType !== MENTOR || typeof role.group?.id !== 'string' || !isValidOn(role, window)) continue;
      add(role.group.id, mapped.personId);
    }
  }
  for (const group of groups) {
    const embedded = (group as { _embedded?: { assignmentRoles?: GroupAssignmentRole[] } })._embedded?.assignmentRoles;
    const direct = (group as { assignmentRoles?: GroupAssignmentRole[] }).assignmentRoles;
    for (const role of [...(Array.isArray(embedded) ? embedded : []), ...(Array.isArray(direct) ? direct : [])]) {
      if (role.assignmentRoleType !== MENTOR || typeof role.duty?.id !== 'string' || !isValidOn(role, window)) continue;
      const duty = active.get(role.duty.id);
      if (!duty) {
        issues.push({
          severity: 'warning',
          rule: QualityRule.GroupAssignmentDutyUnknown,
          entityType: 'group',
          istId: group.id,
          displayName: group.displayName,
          detail: `assignmentRoles duty ${role.duty.id} (Mentor) is not an active duty`,
        });
        continue;
      }
      add(group.id, duty.personId);
    }
  }
  return out;
}
