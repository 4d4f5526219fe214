// Test-only changes to a tenant's data between runs: the generated tenant stays as it is, and the
// server passes each rendered list record through the tenant's mutations (and appends their records).
// Lets a test say "this student moved" and check that the export sees exactly that.

type Rec = Record<string, unknown>;
export type MutableResource = 'organisations' | 'persons' | 'groups' | 'duties' | 'activities' | 'syllabuses';

/** One change: rewrite or drop (null) rendered records, and/or append whole records to a list. */
export interface Mutation {
  transform?: (resource: MutableResource, record: Rec) => Rec | null;
  append?: Partial<Record<MutableResource, Rec[]>>;
}

/** A list as served after mutations: the generated records, then the appended ones. */
export interface MutatedList {
  count: number;
  render(i: number): Rec | null;
}

export function mutatedList(mutations: readonly Mutation[], resource: MutableResource, baseCount: number, renderBase: (i: number) => Rec): MutatedList {
  if (mutations.length === 0) return { count: baseCount, render: renderBase };
  const appended = mutations.flatMap((m) => m.append?.[resource] ?? []);
  return {
    count: baseCount + appended.length,
    render(i) {
      let rec: Rec | null = i < baseCount ? renderBase(i) : structuredClone(appended[i - baseCount] ?? null);
      for (const m of mutations) {
        if (!rec) break;
        if (m.transform) rec = m.transform(resource, rec);
      }
      return rec;
    },
  };
}

const idOf = (rec: Rec): unknown => rec.id;
const memberships = (rec: Rec): Rec[] => (Array.isArray(rec.groupMemberships) ? (rec.groupMemberships as Rec[]) : []);
const personIdOf = (m: Rec): unknown => (m.person as Rec | undefined)?.id;

/** The student leaves one group (class) and joins another from the same day. */
export function moveStudent(personId: string, fromGroupId: string, toGroupId: string, startDate: string): Mutation {
  return {
    transform(resource, rec) {
      if (resource !== 'groups') return rec;
      if (idOf(rec) === fromGroupId) return { ...rec, groupMemberships: memberships(rec).filter((m) => personIdOf(m) !== personId) };
      if (idOf(rec) === toGroupId) return { ...rec, groupMemberships: [...memberships(rec), { person: { id: personId }, startDate }] };
      return rec;
    },
  };
}

export function renameGroup(groupId: string, displayName: string): Mutation {
  return { transform: (resource, rec) => (resource === 'groups' && idOf(rec) === groupId ? { ...rec, displayName } : rec) };
}

/** The duty ends on `endDate` (inclusive): the day after, it no longer counts. */
export function endDuty(dutyId: string, endDate: string): Mutation {
  return { transform: (resource, rec) => (resource === 'duties' && idOf(rec) === dutyId ? { ...rec, endDate } : rec) };
}

/** A new staff member with one duty at a school. Names are invented; no personnummer. */
export function addTeacher(t: { personId: string; dutyId: string; schoolId: string; givenName: string; familyName: string; email: string; startDate: string }): Mutation {
  return {
    append: {
      persons: [{ id: t.personId, givenName: t.givenName, familyName: t.familyName, personStatus: 'Aktiv', emails: [{ value: t.email, type: 'Skola tjänst' }] }],
      duties: [{ id: t.dutyId, person: { id: t.personId }, dutyAt: { id: t.schoolId }, dutyRole: 'Lärare', description: 'Lärare', startDate: t.startDate }],
    },
  };
}

/** IST answers without any student: persons with enrolments are dropped, staff stay. */
export function zeroStudents(): Mutation {
  return { transform: (resource, rec) => (resource === 'persons' && Array.isArray(rec.enrolments) && rec.enrolments.length > 0 ? null : rec) };
}
