import { createHash } from 'node:crypto';
import type { IstResource } from '../../../workflows/contract.ts';
import type { ImsGroup, ImsMember, ImsPerson } from './records.ts';
import { CIVIC_NO_USERID, GroupKind, groupKindOf, ISI_EMAIL_TYPE, RoleType, roleTypeOf, SCHOOL_FORM_SCHEME, SS12000_GROUP_TYPE } from './vocabulary.ts';

// IMS Enterprise records → the SS 12000-shaped lists the REST route stages, so mapping, diff, guards and publish run
// unchanged. IMS keeps relations in <membership>s; SS 12000 keeps them on the records: a learner in a school unit is
// an enrolment, a learner in a class or teaching group a groupMembership, staff in a school unit a duty, an
// instructor of a teaching group an activity's teacher, a mentor of a group a Mentor assignment role.
// Nothing is invented: a value IMS lacks is left out (README "What ISI files lack"), and every record that cannot be
// placed is quarantined with its reason or counted.

type Rec = Record<string, unknown>;

export interface AssembleSource {
  groups(): AsyncIterable<ImsGroup[]>;
  members(): AsyncIterable<ImsMember[]>;
  persons(): AsyncIterable<ImsPerson[]>;
}

export interface AssembleTarget {
  /** SS 12000-shaped records of one list, in order. */
  add(resource: IstResource, record: Rec): Promise<void>;
  /** A record that cannot be placed, with the reason (kept in quarantined_records like a bad REST record). */
  quarantine(resource: IstResource, istId: string | null, field: string, reason: string): Promise<void>;
}

export interface AssembleCounts {
  /** Group type values not in the vocabulary (groups kept out of the published lists), per value. */
  unknownGroupTypes: Record<string, number>;
  /** Role types not in IMS Enterprise 1.1, per value. */
  unknownRoleTypes: Record<string, number>;
  /** Roles with <status>0</status>: inactive in the file, left out like an ended relation. */
  inactiveRoles: number;
  /** Roles that mean nothing in our model (e.g. a learner of the huvudman group, a group as member). */
  ignoredRoles: number;
}

interface Placed { begin?: string; end?: string }
interface GroupInfo { group: ImsGroup; kind: GroupKind | undefined; schoolForms: string[] }

/** IMS dates may carry a time; SS 12000 dates are YYYY-MM-DD. Anything else is kept as sent (and quarantined). */
function day(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value.trim());
  return m ? m[1] : value;
}

function dated<T extends Rec>(rec: T, placed: Placed): T {
  const start = day(placed.begin);
  const end = day(placed.end);
  return { ...rec, ...(start !== undefined ? { startDate: start } : {}), ...(end !== undefined ? { endDate: end } : {}) };
}

/** A duty has no id in IMS: derived from school, person and role, stable from file to file. */
export function isiDutyId(schoolId: string, personId: string, role: string): string {
  return `isi-duty-${createHash('sha256').update(`${schoolId}\u0000${personId}\u0000${role}`).digest('hex').slice(0, 24)}`;
}

export async function assembleIms(source: AssembleSource, target: AssembleTarget): Promise<AssembleCounts> {
  const counts: AssembleCounts = { unknownGroupTypes: {}, unknownRoleTypes: {}, inactiveRoles: 0, ignoredRoles: 0 };
  const groups = new Map<string, GroupInfo>();
  for await (const page of source.groups()) {
    for (const group of page) {
      const kinds = group.types.filter((t) => !SCHOOL_FORM_SCHEME.test(t.scheme ?? ''));
      const kind = kinds.map((t) => groupKindOf(t.value)).find((k) => k !== undefined);
      const schoolForms = [...new Set(group.types.filter((t) => SCHOOL_FORM_SCHEME.test(t.scheme ?? '')).map((t) => t.value))].sort();
      if (!kind) {
        const value = kinds[0]?.value ?? '(no grouptype)';
        counts.unknownGroupTypes[value] = (counts.unknownGroupTypes[value] ?? 0) + 1;
      }
      groups.set(group.id, { group, kind, schoolForms });
    }
  }
  const schoolOf = (info: GroupInfo): string | undefined => info.group.parents.find((p) => groups.get(p)?.kind === GroupKind.School) ?? info.group.parents[0];

  const enrolments = new Map<string, Rec[]>();
  const memberships = new Map<string, Rec[]>();
  const duties = new Map<string, Rec>();
  const dutiesByPersonSchool = new Map<string, string[]>();
  const teachers: (ImsMember & { schoolId: string | undefined })[] = [];
  const mentors: (ImsMember & { schoolId: string | undefined })[] = [];
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => (map.get(key) ?? map.set(key, []).get(key)!).push(value);

  for await (const page of source.members()) {
    for (const m of page) {
      const role = roleTypeOf(m.roletype);
      if (!role) {
        counts.unknownRoleTypes[m.roletype] = (counts.unknownRoleTypes[m.roletype] ?? 0) + 1;
        continue;
      }
      if (m.status === '0') {
        counts.inactiveRoles++;
        continue;
      }
      const info = groups.get(m.groupId);
      if (!info) {
        await target.quarantine('groups', m.groupId, 'membership.sourcedid.id', 'membership of a group the file does not hold');
        continue;
      }
      if (m.idtype !== '1' || info.kind === undefined || info.kind === GroupKind.Owner) {
        counts.ignoredRoles++;
        continue;
      }
      const placed = { begin: m.begin, end: m.end };
      if (info.kind === GroupKind.School) {
        if (role === RoleType.Learner) {
          const schoolType = info.schoolForms.length === 1 ? info.schoolForms[0] : undefined;
          push(enrolments, m.personId, dated({ enroledAt: { id: m.groupId }, ...(schoolType ? { schoolType } : {}) }, placed));
        } else if (role === RoleType.Mentor) {
          counts.ignoredRoles++;
        } else {
          const dutyRole = m.subrole ?? role;
          const id = isiDutyId(m.groupId, m.personId, dutyRole);
          if (!duties.has(id)) {
            duties.set(id, dated({ id, person: { id: m.personId }, dutyAt: { id: m.groupId }, dutyRole }, placed));
            push(dutiesByPersonSchool, `${m.personId}|${m.groupId}`, id);
          }
        }
      } else if (role === RoleType.Learner) {
        push(memberships, m.groupId, dated({ person: { id: m.personId } }, placed));
      } else if (role === RoleType.Mentor) {
        mentors.push({ ...m, schoolId: schoolOf(info) });
      } else if (info.kind === GroupKind.Teaching && (role === RoleType.Instructor || role === RoleType.TeachingAssistant)) {
        teachers.push({ ...m, schoolId: schoolOf(info) });
      } else {
        counts.ignoredRoles++;
      }
    }
  }

  // A teacher or mentor is linked through their duty at the group's school unit; without one the link names a duty
  // that does not exist, which the mapping reports (activity_duty_unknown / group_assignment_duty_unknown).
  const dutyFor = (personId: string, schoolId: string | undefined, role: string): string =>
    [...(dutiesByPersonSchool.get(`${personId}|${schoolId ?? ''}`) ?? [])].sort()[0] ?? isiDutyId(schoolId ?? '', personId, role);
  const mentorRoles = new Map<string, Rec[]>();
  for (const m of mentors) push(mentorRoles, m.groupId, dated({ duty: { id: dutyFor(m.personId, m.schoolId, RoleType.Mentor) }, assignmentRoleType: 'Mentor' }, m));
  const teachersByGroup = new Map<string, Rec[]>();
  for (const t of teachers) push(teachersByGroup, t.groupId, dated({ duty: { id: dutyFor(t.personId, t.schoolId, RoleType.Instructor) } }, t));

  for (const info of groups.values()) {
    const { group, kind } = info;
    const displayName = group.short ?? group.long ?? group.full;
    const base = dated({ id: group.id, ...(displayName !== undefined ? { displayName } : {}) }, group);
    if (kind === GroupKind.Owner || kind === GroupKind.School) {
      const parent = kind === GroupKind.School ? group.parents[0] : undefined;
      await target.add('organisations', {
        ...base,
        organisationType: kind === GroupKind.Owner ? 'Huvudman' : 'Skolenhet',
        ...(parent ? { parentOrganisation: { id: parent } } : {}),
        ...(info.schoolForms.length > 0 ? { schoolTypes: info.schoolForms } : {}),
      });
    } else if (kind === GroupKind.Class || kind === GroupKind.Teaching) {
      const schoolId = schoolOf(info);
      const organisation = schoolId ? { organisation: { id: schoolId } } : {};
      const schoolType = info.schoolForms.length === 1 ? { schoolType: info.schoolForms[0] } : {};
      const mentorsOf = mentorRoles.get(group.id);
      await target.add('groups', {
        ...base, groupType: SS12000_GROUP_TYPE[kind], ...schoolType, ...organisation,
        groupMemberships: memberships.get(group.id) ?? [],
        ...(mentorsOf ? { assignmentRoles: mentorsOf } : {}),
      });
      const taught = teachersByGroup.get(group.id);
      if (taught) {
        await target.add('activities', {
          id: `isi-activity-${group.id}`, ...(displayName !== undefined ? { displayName } : {}),
          ...dated({}, group), groups: [{ id: group.id }], teachers: taught, ...organisation,
        });
      }
    }
  }
  for (const duty of duties.values()) await target.add('duties', duty);

  for await (const page of source.persons()) {
    for (const p of page) {
      const civicNo = p.userids.find((u) => CIVIC_NO_USERID.test(u.type));
      const rec: Rec = { id: p.id };
      if (p.given !== undefined) rec.givenName = p.given;
      if (p.middle !== undefined) rec.middleName = p.middle;
      if (p.family !== undefined) rec.familyName = p.family;
      if (civicNo) rec.civicNo = { value: civicNo.value };
      if (p.bday !== undefined) rec.birthDate = day(p.bday);
      if (p.securityMarking !== undefined) rec.securityMarking = p.securityMarking;
      if (p.email !== undefined) rec.emails = [{ value: p.email, type: ISI_EMAIL_TYPE }];
      const own = enrolments.get(p.id);
      if (own) rec.enrolments = own;
      await target.add('persons', rec);
    }
  }
  return counts;
}
