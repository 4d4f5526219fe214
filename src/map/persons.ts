import type { Person as IstPerson } from '../ist/wire/resources.ts';
import type { Person } from '../model/entities.ts';
import type { ActiveDuty } from './duties.ts';
import { chooseEmail, DEFAULT_EMAIL_PREFERENCE } from './email.ts';
import type { MappedGroups } from './groups.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import { isValidOn, type ValidityWindow } from './validity.ts';

export interface PersonPolicy {
  /** bronze: a person without email is not published (error); silver/gold: published (warning). */
  emailRequired: boolean;
  forwardCivicNo: boolean;
}

/** Students (valid enrolment) and staff (valid duty) with their relations; others are reported, not published. */
export function mapPersons(
  persons: IstPerson[],
  duties: Map<string, ActiveDuty>,
  groups: MappedGroups,
  schoolIds: Set<string>,
  window: ValidityWindow,
  policy: PersonPolicy,
  issues: QualityIssue[],
): Person[] {
  const dutiesByPerson = groupBy([...duties.values()], (d) => d.personId);
  const classesByPerson = membershipIndex(groups.classes);
  const teachingByPerson = membershipIndex(groups.teachingGroups);
  for (const group of groups.teachingGroups) {
    for (const teacherId of group.teacherIds) (teachingByPerson.get(teacherId) ?? teachingByPerson.set(teacherId, []).get(teacherId)!).push(group.id);
  }

  const out: Person[] = [];
  for (const p of persons) {
    const enrolments = (p.enrolments ?? [])
      .filter((e) => !e.cancelled && isValidOn(e, window) && schoolIds.has(e.enroledAt.id))
      .map((e) => ({ schoolId: e.enroledAt.id, schoolYear: e.schoolYear ?? null, schoolType: e.schoolType }));
    const personDuties = (dutiesByPerson.get(p.id) ?? []).map(({ dutyId, schoolId, role, title, signature }) => ({ dutyId, schoolId, role, title, signature }));
    const roles: Person['roles'] = [];
    if (enrolments.length > 0) roles.push('student');
    if (personDuties.length > 0) roles.push('staff');
    if (roles.length === 0) {
      issues.push({ severity: 'warning', rule: QualityRule.PersonWithoutSchool, entityType: 'person', istId: p.id, detail: 'no enrolment or duty valid on the run date; not published' });
      continue;
    }
    const email = chooseEmail(p, roles.includes('staff') ? DEFAULT_EMAIL_PREFERENCE.staff : DEFAULT_EMAIL_PREFERENCE.student);
    if (!email) {
      issues.push({
        severity: policy.emailRequired ? 'error' : 'warning',
        rule: QualityRule.MissingEmail,
        entityType: 'person',
        istId: p.id,
        detail: policy.emailRequired ? 'no email address; required for this customer, person not published' : 'no email address',
      });
      if (policy.emailRequired) continue;
    }
    const person: Person = {
      id: p.id,
      givenName: p.givenName,
      familyName: p.familyName,
      displayName: [p.givenName, p.middleName, p.familyName].filter(Boolean).join(' '),
      email,
      roles,
      schoolIds: [...new Set([...enrolments.map((e) => e.schoolId), ...personDuties.map((d) => d.schoolId)])].sort(),
      classIds: [...(classesByPerson.get(p.id) ?? [])].sort(),
      teachingGroupIds: [...new Set(teachingByPerson.get(p.id) ?? [])].sort(),
      enrolments: enrolments.sort((a, b) => a.schoolId.localeCompare(b.schoolId)),
      duties: personDuties.sort((a, b) => a.dutyId.localeCompare(b.dutyId)),
    };
    if (policy.forwardCivicNo && p.civicNo?.value) person.civicNo = p.civicNo.value;
    out.push(person);
  }
  return out;
}

function membershipIndex(groups: { id: string; studentIds: string[] }[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const group of groups) {
    for (const id of group.studentIds) (index.get(id) ?? index.set(id, []).get(id)!).push(group.id);
  }
  return index;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) (map.get(key(item)) ?? map.set(key(item), []).get(key(item))!).push(item);
  return map;
}
