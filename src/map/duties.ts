import type { Duty } from '../ist/wire/resources.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import type { IdSet } from './id-set.ts';
import { isValidOn, type ValidityWindow } from './validity.ts';

export interface ActiveDuty {
  dutyId: string;
  personId: string;
  schoolId: string;
  role: string;
  title: string;
  signature: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** Duties valid on the run date, keyed by duty id (activities point at duties, not persons). */
export function mapDuties(duties: Duty[], schoolIds: Set<string>, personIds: IdSet, window: ValidityWindow, issues: QualityIssue[]): Map<string, ActiveDuty> {
  const active = new Map<string, ActiveDuty>();
  for (const duty of duties) {
    if (!isValidOn(duty, window)) continue;
    const title = duty.description?.trim() || duty.dutyRole;
    if (!duty.person || !personIds.has(duty.person.id)) {
      issues.push({
        severity: 'error',
        rule: QualityRule.DutyWithoutPerson,
        entityType: 'duty',
        istId: duty.id,
        displayName: title,
        detail: duty.person ? `duty.person ${duty.person.id} is not among the persons` : 'duty has no person',
      });
      continue;
    }
    if (!schoolIds.has(duty.dutyAt.id)) continue; // a duty at a non-school unit (e.g. the huvudman office) is not a school relation
    active.set(duty.id, {
      dutyId: duty.id,
      personId: duty.person.id,
      schoolId: duty.dutyAt.id,
      role: duty.dutyRole,
      title,
      signature: duty.signature ?? null,
      startDate: duty.startDate ?? null,
      endDate: duty.endDate ?? null,
    });
  }
  return active;
}
