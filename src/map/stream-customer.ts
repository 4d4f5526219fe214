import type { Activity, Duty, Group, Organisation, Person as IstPerson, Syllabus } from '../ist/wire/resources.ts';
import type { Entity } from '../model/entities.ts';
import { mapDuties, type ActiveDuty } from './duties.ts';
import { mapGroups, type MappedGroups } from './groups.ts';
import { withoutUnservedReferences, type IstRecords, type MapOptions, type MappedCustomer } from './index.ts';
import { StagedPersonsChangedError } from './errors.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import { mentorsByGroup } from './mentors.ts';
import { mapPersons } from './persons.ts';
import { mapSchools } from './schools.ts';
import { notServedFindings, SourceFindingCollector } from './source-findings.ts';
import type { IdSet } from './id-set.ts';

// The same result as mapCustomer (src/map/index.ts), entity for entity and finding for finding in the
// same order, without holding the tenant: the two big lists (persons, and groups with their
// memberships) are read a page at a time and their mapped entities handed on at once. What stays in
// memory is small per record and mostly typed arrays: each person is a number (one id string kept
// once), memberships are numbers in one buffer, "which groups is person n in" two Int32Arrays, shared
// emails 32-bit hashes, "published" a byte per person; besides them duties, and groups without their
// members (activities and syllabuses only until the join). ~85 MB of live heap for the xl tenant
// (bench/map-snapshot.ts, BENCH_HEAP_SNAPSHOT). The rule functions are called as they are; only the
// orchestration around them differs, which is why some are called on parts of a list. Findings over
// every record (missing dates, unknown codes: src/map/source-findings.ts) are collected page by page.

/** The staged lists a run maps, read a page at a time, plus one projection computed by the store. */
export interface MapSource {
  pages(resource: keyof IstRecords): AsyncIterable<unknown[]>;
  /** Every staged person's id and the values of its emails, in staged order, in batches (no other personal field). */
  personEmails(): AsyncIterable<{ id: string; emails: string[] }[]>;
}

/** Where mapped entities go as soon as they are final (the run's snapshot). */
export type EntitySink = (entities: Entity[]) => Promise<void>;

export interface StreamedCustomer {
  issues: QualityIssue[];
  skipped: MappedCustomer['skipped'];
}

/**
 * Findings of the group pass that depend on a group's members (or, like the unknown school, come from
 * the same loop over groups, ahead of every activity finding); the rest come from one call over every group.
 */
const MEMBER_RULES: ReadonlySet<string> = new Set([QualityRule.GroupSchoolUnknown, QualityRule.GroupMemberUnknown, QualityRule.EndedGroupWithMembers]);
/** Findings mapPersons makes in its second pass (after every candidate is known): they follow all first-pass ones. */
const EMAIL_RULES: ReadonlySet<string> = new Set([QualityRule.DuplicateEmail, QualityRule.InvalidEmail, QualityRule.MissingEmail]);

/** Map a customer's staged lists and hand the entities to `sink` in bounded batches; `beat` is called between pages. */
export async function mapStagedCustomer(source: MapSource, options: MapOptions, sink: EntitySink, beat: () => void = () => {}): Promise<StreamedCustomer> {
  const issues: QualityIssue[] = [];
  // Missing dates and unknown codes are findings over every record: counted as each page passes by
  // (every list below is read exactly once), reported ahead of the rest as mapCustomer does.
  const sourceFindings = new SourceFindingCollector();
  const pages = async function* (resource: keyof IstRecords): AsyncIterable<unknown[]> {
    for await (const page of source.pages(resource)) {
      sourceFindings.add(resource, page);
      yield page;
    }
  };
  const collect = async <T>(resource: keyof IstRecords): Promise<T[]> => {
    const all: T[] = [];
    for await (const page of pages(resource)) {
      for (const record of page) all.push(record as T);
      beat();
    }
    return all;
  };

  // Schools: a few hundred records at most.
  const schools = mapSchools(await collect<Organisation>('organisations'), options.window);
  const schoolIds = new Set(schools.map((s) => s.id));
  await sink(schools.map((content) => ({ type: 'school' as const, id: content.id, content })));

  // Every person once, as a number (its place in the staged list): what the indexes below hold
  // instead of id strings, so a membership costs four bytes. Plus who may share an email.
  const people = await personIndex(source);
  const personIds: IdSet = people.ordinal;
  beat();

  // Duties: one record per staff role, the whole list (it is small next to persons and memberships).
  const duties = await collect<Duty>('duties');
  const active = mapDuties(duties, schoolIds, personIds, options.window, issues);
  const mentors = mentorsByGroup(duties, [], active, options.window, issues);
  const dutyPersonIds = new Set(duties.flatMap((d) => (d.person ? [d.person.id] : [])));
  duties.length = 0;

  // Groups, a page at a time: mentors named on the group, members (the bulk of the tenant), and the
  // group kept without its members for the one call that joins activities and syllabuses.
  const mentorIssues: QualityIssue[] = [];
  const memberIssues: QualityIssue[] = [];
  // Every group's members as person numbers, one after another in one growing buffer; a group is its range.
  const members = new IntList();
  const studentsOf = new Map<string, Range>();
  const bare: Group[] = [];
  for await (const page of pages('groups')) {
    const groups = page as Group[];
    for (const [groupId, ids] of mentorsByGroup([], groups, active, options.window, mentorIssues)) {
      const set = mentors.get(groupId) ?? mentors.set(groupId, new Set()).get(groupId)!;
      for (const id of ids) set.add(id);
    }
    const pageIssues: QualityIssue[] = [];
    const part = mapGroups(groups, [], [], active, schoolIds, personIds, new Map(), options.window, pageIssues);
    for (const issue of pageIssues) if (MEMBER_RULES.has(issue.rule)) memberIssues.push(issue);
    // Members passed the personIds check above, so each has its number.
    for (const g of [...part.classes, ...part.teachingGroups]) {
      const from = members.length;
      for (const id of g.studentIds) members.push(people.ordinal.get(id)!);
      studentsOf.set(g.id, { from, to: members.length });
    }
    for (const g of groups) bare.push({ ...g, groupMemberships: [] });
    beat();
  }
  issues.push(...mentorIssues, ...memberIssues);
  const joinIssues: QualityIssue[] = [];
  const activities = await collect<Activity>('activities');
  const syllabuses = await collect<Syllabus>('syllabuses');
  const joined = mapGroups(bare, activities, syllabuses, active, schoolIds, personIds, mentors, options.window, joinIssues);
  for (const issue of joinIssues) if (!MEMBER_RULES.has(issue.rule)) issues.push(issue);
  bare.length = 0;
  activities.length = 0;
  mentors.clear();
  // The joined groups (members empty) and their students by number, in mapGroups' order (sorted ids).
  const NONE: Range = { from: 0, to: 0 };
  const classes = joined.classes.map((group) => ({ group, students: studentsOf.get(group.id) ?? NONE }));
  const teachingGroups = joined.teachingGroups.map((group) => ({ group, students: studentsOf.get(group.id) ?? NONE }));
  studentsOf.clear();

  // Who belongs where, by person: what mapPersons needs of the groups, for one batch at a time. A
  // batch's groups list only the batch's own members (all mapPersons reads of them), found from the
  // person's side, so a batch costs its own memberships, not the size of every group it touches.
  const studentIn = personGroupIndex(people.idAt.length, members.data, [...classes, ...teachingGroups].map((g) => g.students));
  const teacherIn = new Map<string, number[]>();
  teachingGroups.forEach(({ group }, i) => {
    for (const id of new Set(group.teacherIds)) (teacherIn.get(id) ?? teacherIn.set(id, []).get(id)!).push(i);
  });
  const dutiesOf = new Map<string, [string, ActiveDuty][]>();
  for (const entry of active) (dutiesOf.get(entry[1].personId) ?? dutiesOf.set(entry[1].personId, []).get(entry[1].personId)!).push(entry);
  const groupsFor = (persons: IstPerson[]): MappedGroups => {
    const classMembers = new Map<number, string[]>();
    const teachingMembers = new Map<number, { studentIds: string[]; teacherIds: string[] }>();
    const teaching = (i: number) => teachingMembers.get(i) ?? teachingMembers.set(i, { studentIds: [], teacherIds: [] }).get(i)!;
    for (const id of new Set(persons.map((p) => p.id))) {
      const n = people.ordinal.get(id);
      if (n !== undefined) {
        for (let k = studentIn.start[n]!; k < studentIn.start[n + 1]!; k++) {
          const g = studentIn.groups[k]!;
          if (g < classes.length) (classMembers.get(g) ?? classMembers.set(g, []).get(g)!).push(id);
          else teaching(g - classes.length).studentIds.push(id);
        }
      }
      for (const i of teacherIn.get(id) ?? []) teaching(i).teacherIds.push(id);
    }
    return {
      classes: [...classMembers].map(([g, studentIds]) => ({ ...classes[g]!.group, studentIds })),
      teachingGroups: [...teachingMembers].map(([i, members]) => ({ ...teachingGroups[i]!.group, ...members })),
    };
  };
  /** The active duties of a batch's persons: mapPersons groups the duties it is given by person, per call. */
  const dutiesFor = (persons: IstPerson[]) => new Map([...new Set(persons.map((p) => p.id))].flatMap((id) => dutiesOf.get(id) ?? []));

  // Persons, a page at a time. The duplicate-email rule looks across persons, so everyone holding an
  // address someone else also holds is mapped together in one last batch (in staged order).
  const published = new Uint8Array(people.idAt.length);
  const personIssues: { pass: number; index: number; seq: number; issue: QualityIssue }[] = [];
  let notCurrent = 0;
  let seq = 0;
  const mapBatch = async (batch: { person: IstPerson; index: number }[]) => {
    if (batch.length === 0) return;
    const persons = batch.map((b) => b.person);
    const indexOf = new Map(batch.map((b) => [b.person.id, b.index]));
    const found: QualityIssue[] = [];
    const mapped = mapPersons(persons, dutyPersonIds, dutiesFor(persons), groupsFor(persons), schoolIds, options.window, options, found);
    notCurrent += mapped.notCurrent;
    for (const issue of found) {
      personIssues.push({ pass: EMAIL_RULES.has(issue.rule) ? 1 : 0, index: indexOf.get(issue.istId ?? '') ?? Number.MAX_SAFE_INTEGER, seq: seq++, issue });
    }
    for (const p of mapped.persons) {
      const n = people.ordinal.get(p.id);
      if (n === undefined) throw new StagedPersonsChangedError(indexOf.get(p.id) ?? -1);
      published[n] = 1;
    }
    await sink(mapped.persons.map((content) => ({ type: 'person' as const, id: content.id, content })));
  };
  const deferred: { person: IstPerson; index: number }[] = [];
  let index = 0;
  for await (const page of pages('persons')) {
    const batch: { person: IstPerson; index: number }[] = [];
    for (const person of page as IstPerson[]) (people.sharing.has(person.id) ? deferred : batch).push({ person, index: index++ });
    await mapBatch(batch);
    beat();
  }
  await mapBatch(deferred);
  personIssues.sort((a, b) => a.pass - b.pass || a.index - b.index || a.seq - b.seq);
  for (const p of personIssues) issues.push(p.issue);

  // Groups list only published persons, so no relation points at someone left out.
  const isPublished = (id: string) => {
    const n = people.ordinal.get(id);
    return n !== undefined && published[n] === 1;
  };
  const keep = (ids: string[]) => ids.filter(isPublished);
  const keepStudents = ({ from, to }: Range) => {
    const ids: string[] = [];
    for (let k = from; k < to; k++) if (published[members.data[k]!] === 1) ids.push(people.idAt[members.data[k]!]!);
    return ids;
  };
  const BATCH = 1000;
  for (let i = 0; i < classes.length; i += BATCH) {
    await sink(
      classes.slice(i, i + BATCH).map(({ group: c, students }): Entity => ({
        type: 'class',
        id: c.id,
        content: { ...c, studentIds: keepStudents(students), mentorIds: keep(c.mentorIds), ...(c.teacherIds ? { teacherIds: keep(c.teacherIds) } : {}) },
      })),
    );
    beat();
  }
  for (let i = 0; i < teachingGroups.length; i += BATCH) {
    await sink(
      teachingGroups.slice(i, i + BATCH).map(({ group: g, students }): Entity => ({
        type: 'teachingGroup',
        id: g.id,
        content: { ...g, studentIds: keepStudents(students), teacherIds: keep(g.teacherIds), mentorIds: keep(g.mentorIds) },
      })),
    );
    beat();
  }
  const all = [...notServedFindings(options.listsNotServed ?? []), ...sourceFindings.result(), ...issues];
  return { issues: withoutUnservedReferences(all, options), skipped: { personsNotCurrent: notCurrent } };
}

/**
 * Every staged person's number (its place in the list; ids that come twice keep their first) and the
 * persons holding an email value (trimmed, case-folded as mapPersons compares them) that another person
 * may also hold: only they can end up sharing the address mapPersons picks. Values are kept as 32-bit
 * hashes, not strings; a collision only adds persons to `sharing` (mapped in the last batch), which
 * changes nothing of the result.
 */
async function personIndex(source: MapSource) {
  const ordinal = new Map<string, number>();
  const idAt: string[] = [];
  const holders = new Map<number, number | number[]>(); // value hash → its holder, or every holder when several
  for await (const batch of source.personEmails()) {
    for (const { id, emails } of batch) {
      let n = ordinal.get(id);
      if (n === undefined) {
        n = idAt.push(id) - 1;
        ordinal.set(id, n);
      }
      for (const value of new Set(emails.map((v) => v.trim().toLowerCase()).filter((v) => v !== ''))) {
        const key = fnv1a(value);
        const holder = holders.get(key);
        if (holder === undefined) holders.set(key, n);
        else if (typeof holder === 'number') holders.set(key, [holder, n]);
        else holder.push(n);
      }
    }
  }
  const sharing = new Set<string>();
  for (const holder of holders.values()) if (typeof holder !== 'number') for (const n of holder) sharing.add(idAt[n]!);
  holders.clear();
  return { ordinal, idAt, sharing };
}

/** 32-bit FNV-1a over UTF-16 code units: a cheap, well-spread key for the email values. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A group's members: members.data[from .. to). */
interface Range {
  from: number;
  to: number;
}

/** Person numbers, appended; one buffer that doubles as it fills (not one small array per group). */
class IntList {
  data = new Int32Array(1 << 12);
  length = 0;
  push(n: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = n;
  }
}

/**
 * Person number → the groups (their place in `ranges`) listing that person, as two typed arrays: the
 * groups of person n are groups[start[n] .. start[n+1]). A group lists a person at most once.
 */
function personGroupIndex(persons: number, data: Int32Array, ranges: Range[]): { start: Int32Array; groups: Int32Array } {
  const start = new Int32Array(persons + 1);
  for (const { from, to } of ranges) for (let k = from; k < to; k++) start[data[k]! + 1]!++;
  for (let n = 0; n < persons; n++) start[n + 1]! += start[n]!;
  const next = start.slice(0, persons);
  const groups = new Int32Array(start[persons]!);
  ranges.forEach(({ from, to }, g) => {
    for (let k = from; k < to; k++) groups[next[data[k]!]!++] = g;
  });
  return { start, groups };
}
