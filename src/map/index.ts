import type { Activity, Duty, Group, Organisation, Person as IstPerson, Syllabus } from '../ist/wire/resources.ts';
import type { Entity } from '../model/entities.ts';
import { mapDuties } from './duties.ts';
import { mapGroups } from './groups.ts';
import { QualityRule, type QualityIssue } from './issues.ts';
import { mentorsByGroup } from './mentors.ts';
import { mapPersons, type PersonPolicy } from './persons.ts';
import { mapSchools } from './schools.ts';
import { notServedFindings, sourceFindings } from './source-findings.ts';
import type { ValidityWindow } from './validity.ts';

/** One customer's IST lists, as read (already checked against the wire schemas). */
export interface IstRecords {
  organisations: Organisation[];
  persons: IstPerson[];
  duties: Duty[];
  groups: Group[];
  activities: Activity[];
  syllabuses: Syllabus[];
}

export interface MapOptions extends PersonPolicy {
  window: ValidityWindow;
  /** Optional lists the server did not serve (404), with what it said: reported, the lists are empty. */
  listsNotServed?: readonly { resource: string; said: string }[];
}

export interface MappedCustomer {
  entities: Entity[];
  issues: QualityIssue[];
  /** Records left out for a normal reason, counted rather than reported. */
  skipped: { personsNotCurrent: number };
}

/** IST lists → our model, joined locally: schools, persons, classes, teaching groups. */
export function mapCustomer(records: IstRecords, options: MapOptions): MappedCustomer {
  const issues: QualityIssue[] = [...notServedFindings(options.listsNotServed ?? []), ...sourceFindings(records)];
  const schools = mapSchools(records.organisations, options.window);
  const schoolIds = new Set(schools.map((s) => s.id));
  const allPersonIds = new Set(records.persons.map((p) => p.id));
  const duties = mapDuties(records.duties, schoolIds, allPersonIds, options.window, issues);
  const mentors = mentorsByGroup(records.duties, records.groups, duties, options.window, issues);
  const groups = mapGroups(records.groups, records.activities, records.syllabuses, duties, schoolIds, allPersonIds, mentors, options.window, issues);
  const dutyPersonIds = new Set(records.duties.flatMap((d) => (d.person ? [d.person.id] : [])));
  const { persons, notCurrent } = mapPersons(records.persons, dutyPersonIds, duties, groups, schoolIds, options.window, options, issues);

  // Groups list only published persons, so no relation points at someone left out.
  const published = new Set(persons.map((p) => p.id));
  const keep = (ids: string[]) => ids.filter((id) => published.has(id));
  const classes = groups.classes.map((c) => ({ ...c, studentIds: keep(c.studentIds), mentorIds: keep(c.mentorIds), ...(c.teacherIds ? { teacherIds: keep(c.teacherIds) } : {}) }));
  const teachingGroups = groups.teachingGroups.map((g) => ({ ...g, studentIds: keep(g.studentIds), teacherIds: keep(g.teacherIds), mentorIds: keep(g.mentorIds) }));

  const entities: Entity[] = [
    ...schools.map((content) => ({ type: 'school' as const, id: content.id, content })),
    ...persons.map((content) => ({ type: 'person' as const, id: content.id, content })),
    ...classes.map((content) => ({ type: 'class' as const, id: content.id, content })),
    ...teachingGroups.map((content) => ({ type: 'teachingGroup' as const, id: content.id, content })),
  ];
  return { entities, issues: withoutUnservedReferences(issues, options), skipped: { personsNotCurrent: notCurrent } };
}

/** A list the server does not serve is one finding (list_not_served), not one per reference into it. */
export function withoutUnservedReferences(issues: QualityIssue[], options: MapOptions): QualityIssue[] {
  const unserved = new Set((options.listsNotServed ?? []).map((l) => l.resource));
  return unserved.has('syllabuses') ? issues.filter((i) => i.rule !== QualityRule.ActivitySyllabusUnknown) : issues;
}
