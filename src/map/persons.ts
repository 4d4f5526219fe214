import type { Person as IstPerson } from '../ist/wire/resources.ts';
import type { Person } from '../model/entities.ts';
import { isValidCheck } from './civic-no.ts';
import type { CivicNoCipher } from './civic-no-cipher.ts';
import { readCivicNo } from './civic-no-staging.ts';
import type { ActiveDuty } from './duties.ts';
import { chooseEmail, DEFAULT_EMAIL_PREFERENCE, type EmailPreference } from './email.ts';
import type { MappedGroups } from './groups.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import { isValidOn, type ValidityWindow } from './validity.ts';

export interface PersonPolicy {
  /** bronze: a person without a usable email is not published (error); silver/gold: published (warning). */
  emailRequired: boolean;
  forwardCivicNo: boolean;
  /** Email types in the order to pick them; default: school addresses first. */
  emailPreference?: EmailPreference;
  /** Encrypts forwarded personnummer that arrive in clear (records that were not staged). */
  civicNoCipher?: CivicNoCipher;
}

export interface MappedPersons {
  persons: Person[];
  /** Persons whose every enrolment and duty has ended or starts beyond the look-ahead: normal, not a finding. */
  notCurrent: number;
}

/** No address and no personnummer ever leave for these, whatever the customer's flags. */
export function hasSecurityMarking(p: IstPerson): boolean {
  return p.securityMarking !== undefined && p.securityMarking !== '' && p.securityMarking !== 'Ingen';
}

interface Candidate {
  source: IstPerson;
  person: Person;
  invalidPreferred: boolean;
}

/** Students (valid enrolment) and staff (valid duty) with their relations; others are reported or counted, not published. */
export function mapPersons(
  persons: IstPerson[],
  allDutyPersonIds: Set<string>,
  duties: Map<string, ActiveDuty>,
  groups: MappedGroups,
  schoolIds: Set<string>,
  window: ValidityWindow,
  policy: PersonPolicy,
  issues: QualityIssue[],
): MappedPersons {
  const preference = policy.emailPreference ?? DEFAULT_EMAIL_PREFERENCE;
  const dutiesByPerson = groupBy([...duties.values()], (d) => d.personId);
  const classesByPerson = membershipIndex(groups.classes);
  const teachingByPerson = membershipIndex(groups.teachingGroups);
  for (const group of groups.teachingGroups) {
    for (const teacherId of group.teacherIds) (teachingByPerson.get(teacherId) ?? teachingByPerson.set(teacherId, []).get(teacherId)!).push(group.id);
  }

  let notCurrent = 0;
  const candidates: Candidate[] = [];
  for (const p of persons) {
    const marked = hasSecurityMarking(p);
    const displayName = [p.givenName, p.middleName, p.familyName].filter(Boolean).join(' ');
    const report = (issue: Omit<QualityIssue, 'entityType' | 'istId' | 'displayName'>) =>
      issues.push({ ...issue, entityType: 'person', istId: p.id, displayName: marked ? null : displayName });

    const liveEnrolments = (p.enrolments ?? []).filter((e) => !e.cancelled);
    const enrolments = liveEnrolments
      .filter((e) => isValidOn(e, window) && schoolIds.has(e.enroledAt.id))
      .map((e) => ({
        schoolId: e.enroledAt.id,
        schoolYear: e.schoolYear ?? null,
        schoolType: e.schoolType,
        programme: e.programme ? { id: e.programme.id, name: e.programme.displayName ?? null } : null,
        startDate: e.startDate ?? null,
        endDate: e.endDate ?? null,
      }));
    const personDuties = (dutiesByPerson.get(p.id) ?? []).map(({ personId: _p, ...duty }) => duty);
    const roles: Person['roles'] = [];
    if (enrolments.length > 0) roles.push('student');
    if (personDuties.length > 0) roles.push('staff');
    if (roles.length === 0) {
      const currentElsewhere = liveEnrolments.some((e) => isValidOn(e, window) && !schoolIds.has(e.enroledAt.id));
      const hadRelation = liveEnrolments.length > 0 || allDutyPersonIds.has(p.id);
      if (hadRelation && !currentElsewhere) notCurrent++;
      else {
        const detail = currentElsewhere ? 'enrolment valid on the run date points at no active school unit; not published' : 'no enrolment and no duty; not published';
        report({ severity: 'error', rule: QualityRule.PersonWithoutSchool, detail });
      }
      continue;
    }

    const person: Person = {
      id: p.id,
      givenName: p.givenName,
      familyName: p.familyName,
      displayName,
      email: null,
      roles,
      schoolIds: [...new Set([...enrolments.map((e) => e.schoolId), ...personDuties.map((d) => d.schoolId)])].sort(),
      classIds: [...(classesByPerson.get(p.id) ?? [])].sort(),
      teachingGroupIds: [...new Set(teachingByPerson.get(p.id) ?? [])].sort(),
      enrolments: enrolments.sort((a, b) => a.schoolId.localeCompare(b.schoolId)),
      duties: personDuties.sort((a, b) => a.dutyId.localeCompare(b.dutyId)),
      protectedIdentity: marked,
    };

    if (p.civicNo?.value) {
      const civic = readCivicNo(p.civicNo.value);
      if (!isValidCheck(civic.check)) {
        report({ severity: 'warning', rule: QualityRule.InvalidCivicNo, detail: `civicNo fails the check (${civic.check}); not forwarded` });
      } else if (policy.forwardCivicNo && !marked) {
        const forwarded = civic.encrypted ?? (civic.clear !== undefined ? (policy.civicNoCipher?.encrypt(civic.clear) ?? civic.clear) : undefined);
        if (forwarded) person.civicNo = forwarded;
      }
    }

    const choice = chooseEmail(p, roles.includes('staff') ? preference.staff : preference.student);
    person.email = choice.email;
    candidates.push({ source: p, person, invalidPreferred: choice.invalidPreferred });
  }

  // An address shared by several persons identifies none of them: it is dropped from all.
  const holders = groupBy(
    candidates.filter((c) => c.person.email !== null),
    (c) => c.person.email!.toLowerCase(),
  );

  const out: Person[] = [];
  for (const c of candidates) {
    const { person } = c;
    const report = (issue: Omit<QualityIssue, 'entityType' | 'istId' | 'displayName'>) =>
      issues.push({ ...issue, entityType: 'person', istId: person.id, displayName: person.protectedIdentity ? null : person.displayName });
    const sharing = person.email ? (holders.get(person.email.toLowerCase()) ?? []) : [];
    const severity = policy.emailRequired ? 'error' : 'warning';
    const outcome = policy.emailRequired ? 'required for this customer, person not published' : 'published without email';
    if (sharing.length > 1) {
      const others = sharing.filter((o) => o !== c).map((o) => o.person.id);
      report({ severity, rule: QualityRule.DuplicateEmail, detail: `chosen email is also the email of ${others.length} other person(s): ${others.slice(0, 5).join(', ')}; ${outcome}` });
      person.email = null;
    } else if (person.email === null) {
      // Every address invalid is in effect no address: both findings, so a count of missing emails is whole.
      if (c.invalidPreferred) {
        report({ severity, rule: QualityRule.InvalidEmail, detail: `no syntactically valid email address; ${outcome}` });
        report({ severity, rule: QualityRule.MissingEmail, detail: `no usable email address (every address is invalid); ${outcome}` });
      } else report({ severity, rule: QualityRule.MissingEmail, detail: `no email address; ${outcome}` });
    } else if (c.invalidPreferred) {
      report({ severity: 'warning', rule: QualityRule.InvalidEmail, detail: 'a preferred email address is not syntactically valid; the next usable one is published' });
    }
    if (person.email === null && policy.emailRequired) continue;
    out.push(person);
  }
  return { persons: out, notCurrent };
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
