import type { Activity, Duty, Group, Organisation, Person as IstPerson, Syllabus } from '../ist/wire/resources.ts';
import type { Entity, SchoolClass, TeachingGroup } from '../model/entities.ts';
import { mapDuties } from './duties.ts';
import { mapGroups, type MappedGroups } from './groups.ts';
import { withoutUnservedReferences, type IstRecords, type MapOptions, type MappedCustomer } from './index.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import { mentorsByGroup } from './mentors.ts';
import { mapPersons } from './persons.ts';
import { mapSchools } from './schools.ts';
import { notServedFindings, SourceFindingCollector } from './source-findings.ts';

// The same result as mapCustomer (src/map/index.ts), entity for entity and finding for finding in the
// same order, without holding the tenant: the two big lists (persons, and groups with their
// memberships) are read a page at a time and their mapped entities handed on at once. What stays in
// memory is small per record: id sets, the membership index (ids only), duties, activities,
// syllabuses and groups without their members. The rule functions are called as they are; only the
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

  // Person ids (one string per person, shared by every index below) and which persons share an email.
  const { personIds, canonicalId, sharing } = await personIndex(source);
  beat();

  // Duties: one record per staff role, the whole list (it is small next to persons and memberships).
  const duties = await collect<Duty>('duties');
  const active = mapDuties(duties, schoolIds, personIds, options.window, issues);
  const mentors = mentorsByGroup(duties, [], active, options.window, issues);
  const dutyPersonIds = new Set(duties.flatMap((d) => (d.person ? [canonicalId(d.person.id)] : [])));
  duties.length = 0;

  // Groups, a page at a time: mentors named on the group, members (the bulk of the tenant), and the
  // group kept without its members for the one call that joins activities and syllabuses.
  const mentorIssues: QualityIssue[] = [];
  const memberIssues: QualityIssue[] = [];
  const studentsOf = new Map<string, string[]>();
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
    for (const g of [...part.classes, ...part.teachingGroups]) studentsOf.set(g.id, g.studentIds.map(canonicalId));
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
  const classes: SchoolClass[] = joined.classes.map((c) => ({ ...c, studentIds: studentsOf.get(c.id) ?? [] }));
  const teachingGroups: TeachingGroup[] = joined.teachingGroups.map((g) => ({ ...g, studentIds: studentsOf.get(g.id) ?? [] }));
  studentsOf.clear();

  // Who belongs where, by person: what mapPersons needs of the groups, for one batch at a time.
  const classesOf = indexBy(classes, (c) => c.studentIds);
  const teachingOf = indexBy(teachingGroups, (g) => [...g.studentIds, ...g.teacherIds]);
  const classById = new Map(classes.map((c) => [c.id, c]));
  const teachingById = new Map(teachingGroups.map((g) => [g.id, g]));
  const groupsFor = (persons: IstPerson[]): MappedGroups => {
    const inBatch = new Set(persons.map((p) => p.id));
    const only = (ids: string[]) => ids.filter((id) => inBatch.has(id));
    const classIds = new Set(persons.flatMap((p) => classesOf.get(p.id) ?? []));
    const teachingIds = new Set(persons.flatMap((p) => teachingOf.get(p.id) ?? []));
    return {
      classes: [...classIds].map((id) => classById.get(id)!).map((c) => ({ ...c, studentIds: only(c.studentIds) })),
      teachingGroups: [...teachingIds].map((id) => teachingById.get(id)!).map((g) => ({ ...g, studentIds: only(g.studentIds), teacherIds: only(g.teacherIds) })),
    };
  };

  // Persons, a page at a time. The duplicate-email rule looks across persons, so everyone holding an
  // address someone else also holds is mapped together in one last batch (in staged order).
  const published = new Set<string>();
  const personIssues: { pass: number; index: number; seq: number; issue: QualityIssue }[] = [];
  let notCurrent = 0;
  let seq = 0;
  const mapBatch = async (batch: { person: IstPerson; index: number }[]) => {
    if (batch.length === 0) return;
    const persons = batch.map((b) => b.person);
    const indexOf = new Map(batch.map((b) => [b.person.id, b.index]));
    const found: QualityIssue[] = [];
    const mapped = mapPersons(persons, dutyPersonIds, active, groupsFor(persons), schoolIds, options.window, options, found);
    notCurrent += mapped.notCurrent;
    for (const issue of found) {
      personIssues.push({ pass: EMAIL_RULES.has(issue.rule) ? 1 : 0, index: indexOf.get(issue.istId ?? '') ?? Number.MAX_SAFE_INTEGER, seq: seq++, issue });
    }
    for (const p of mapped.persons) published.add(canonicalId(p.id));
    await sink(mapped.persons.map((content) => ({ type: 'person' as const, id: content.id, content })));
  };
  const deferred: { person: IstPerson; index: number }[] = [];
  let index = 0;
  for await (const page of pages('persons')) {
    const batch: { person: IstPerson; index: number }[] = [];
    for (const person of page as IstPerson[]) (sharing.has(person.id) ? deferred : batch).push({ person, index: index++ });
    await mapBatch(batch);
    beat();
  }
  await mapBatch(deferred);
  personIssues.sort((a, b) => a.pass - b.pass || a.index - b.index || a.seq - b.seq);
  for (const p of personIssues) issues.push(p.issue);

  // Groups list only published persons, so no relation points at someone left out.
  const keep = (ids: string[]) => ids.filter((id) => published.has(id));
  const BATCH = 1000;
  for (let i = 0; i < classes.length; i += BATCH) {
    await sink(classes.slice(i, i + BATCH).map((c) => ({ type: 'class' as const, id: c.id, content: { ...c, studentIds: keep(c.studentIds), mentorIds: keep(c.mentorIds), ...(c.teacherIds ? { teacherIds: keep(c.teacherIds) } : {}) } })));
    beat();
  }
  for (let i = 0; i < teachingGroups.length; i += BATCH) {
    const part = teachingGroups.slice(i, i + BATCH);
    await sink(part.map((g) => ({ type: 'teachingGroup' as const, id: g.id, content: { ...g, studentIds: keep(g.studentIds), teacherIds: keep(g.teacherIds), mentorIds: keep(g.mentorIds) } })));
    beat();
  }
  const all = [...notServedFindings(options.listsNotServed ?? []), ...sourceFindings.result(), ...issues];
  return { issues: withoutUnservedReferences(all, options), skipped: { personsNotCurrent: notCurrent } };
}

/**
 * Every person id once (later maps use these very strings, so a membership costs a pointer, not a
 * copy of the id), and the persons holding an email value (trimmed, case-folded as mapPersons compares
 * them) that another person also holds: only they can end up sharing the address mapPersons picks.
 */
async function personIndex(source: MapSource) {
  const canonical = new Map<string, string>();
  const holders = new Map<string, string | string[]>(); // email key → its holder, or every holder when several
  for await (const batch of source.personEmails()) {
    for (const { id, emails } of batch) {
      canonical.set(id, id);
      for (const value of new Set(emails.map((v) => v.trim().toLowerCase()).filter((v) => v !== ''))) {
        const holder = holders.get(value);
        if (holder === undefined) holders.set(value, id);
        else if (typeof holder === 'string') holders.set(value, [holder, id]);
        else holder.push(id);
      }
    }
  }
  const sharing = new Set<string>();
  for (const holder of holders.values()) if (typeof holder !== 'string') for (const id of holder) sharing.add(id);
  holders.clear();
  const personIds = new Set(canonical.keys());
  return { personIds, canonicalId: (id: string) => canonical.get(id) ?? id, sharing };
}

function indexBy<G extends { id: string }>(groups: G[], members: (g: G) => string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const g of groups) for (const id of new Set(members(g))) (index.get(id) ?? index.set(id, []).get(id)!).push(g.id);
  return index;
}
