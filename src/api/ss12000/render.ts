import { createHash } from 'node:crypto';
import type { Course, Person, School, SchoolClass, StaffDuty, TeachingGroup } from '../../model/entities.ts';
import type { PublishedRow } from '../../store/published-state.ts';

// Our model → SS 12000 v2.1 records. The inverse of src/map: reading these back through src/ist and
// src/map gives the same model (the round-trip test proves it), so every relation is expressed the
// SS 12000 way: enrolments on persons, staff duties as Duty, members as groupMemberships, mentors as
// Duty.assignmentRole, teachers of teaching groups as Activity → DutyAssignment, courses as Syllabus.

type Rec = Record<string, unknown>;

export function meta(row: Pick<PublishedRow, 'created' | 'modified'>): { created: string; modified: string } {
  return { created: row.created.toISOString(), modified: row.modified.toISOString() };
}

/** Optional fields are left out rather than sent as null: SS 12000 has no nullable attributes there. */
function compact(rec: Rec): Rec {
  return Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== null && v !== undefined));
}

export function schoolRecord(row: PublishedRow<School>): Rec {
  const s = row.content;
  return compact({
    id: s.id,
    meta: meta(row),
    displayName: s.name,
    organisationType: 'Skolenhet',
    schoolUnitCode: s.schoolUnitCode,
    schoolTypes: s.schoolTypes,
    municipalityCode: s.municipalityCode,
    parentOrganisation: s.ownerId ? { id: s.ownerId } : undefined,
    startDate: s.startDate,
    endDate: s.endDate,
  });
}

/** The huvudman: not an entity of ours, known by its id on the schools; named after the customer. */
export function ownerRecord(id: string, displayName: string, row: Pick<PublishedRow, 'created' | 'modified'>): Rec {
  return { id, meta: meta(row), displayName, organisationType: 'Huvudman' };
}

/** The middle name is not stored; it is what the display name holds between given and family name. */
function middleName(p: Person): string | undefined {
  const prefix = `${p.givenName} `;
  const suffix = ` ${p.familyName}`;
  if (p.displayName.length > prefix.length + suffix.length && p.displayName.startsWith(prefix) && p.displayName.endsWith(suffix)) {
    return p.displayName.slice(prefix.length, p.displayName.length - suffix.length);
  }
  return undefined;
}

/** `civicNo`: the number in clear when it may go to this partner (decided by the caller), else undefined. */
export function personRecord(row: PublishedRow<Person>, civicNo: string | undefined): Rec {
  const p = row.content;
  return compact({
    id: p.id,
    meta: meta(row),
    givenName: p.givenName,
    middleName: middleName(p),
    familyName: p.familyName,
    civicNo: civicNo !== undefined ? { value: civicNo } : undefined,
    securityMarking: p.protectedIdentity ? 'Sekretessmarkering' : 'Ingen',
    emails: p.email ? [{ value: p.email, type: p.roles.includes('staff') ? 'Skola personal' : 'Skola elev' }] : undefined,
    enrolments: p.enrolments.map((e) =>
      compact({
        enroledAt: { id: e.schoolId },
        schoolYear: e.schoolYear,
        schoolType: e.schoolType,
        // SS 12000 requires startDate; a missing one (never sent by IST) is the open start.
        startDate: e.startDate ?? '1900-01-01',
        endDate: e.endDate,
        programme: e.programme ? compact({ id: e.programme.id, displayName: e.programme.name }) : undefined,
      }),
    ),
  });
}

/** One of the person's duties, with the mentor assignments it carries (group ids). */
export function dutyRecord(row: PublishedRow<Person>, duty: StaffDuty, mentorOf: readonly string[]): Rec {
  return compact({
    id: duty.dutyId,
    meta: meta(row),
    person: { id: row.content.id },
    dutyAt: { id: duty.schoolId },
    dutyRole: duty.role,
    // The title is the description, or the role when IST gave none: no description then.
    description: duty.title !== duty.role ? duty.title : undefined,
    signature: duty.signature,
    startDate: duty.startDate ?? '1900-01-01',
    endDate: duty.endDate,
    assignmentRole: mentorOf.length ? mentorOf.map((id) => ({ group: { id }, assignmentRoleType: 'Mentor' })) : undefined,
  });
}

/**
 * The duty that stands for a person in a relation to a group at `schoolId` (teacher, mentor): the
 * person's duty at that school, else their first. Undefined for a person with no duty.
 */
export function dutyFor(person: Person, schoolId: string): StaffDuty | undefined {
  return person.duties.find((d) => d.schoolId === schoolId) ?? person.duties[0];
}

export type GroupContent = (SchoolClass & { kind: 'class' }) | (TeachingGroup & { kind: 'teachingGroup' });

export function groupRecord(row: PublishedRow<SchoolClass | TeachingGroup>, kind: 'class' | 'teachingGroup'): Rec {
  const g = row.content;
  return compact({
    id: g.id,
    meta: meta(row),
    displayName: g.name,
    groupType: kind === 'class' ? 'Klass' : 'Undervisning',
    schoolType: g.schoolType,
    organisation: { id: g.schoolId },
    startDate: g.startDate ?? '1900-01-01',
    endDate: g.endDate,
    groupMemberships: g.studentIds.map((id) => ({ person: { id } })),
  });
}

/** Stable activity id for a teaching group and one of its courses (none: the group's teachers alone); the same in SQL. */
export function activityId(groupId: string, syllabusId: string | null): string {
  const hex = createHash('md5').update(`activity/${groupId}/${syllabusId ?? ''}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The activities of one teaching group: one per course, or one without syllabus when it has teachers but no course. */
export function groupActivities(group: TeachingGroup): { id: string; course: Course | null }[] {
  if (group.courses.length > 0) return group.courses.map((course) => ({ id: activityId(group.id, course.syllabusId), course }));
  return group.teacherIds.length > 0 ? [{ id: activityId(group.id, null), course: null }] : [];
}

export function activityRecord(row: PublishedRow<SchoolClass | TeachingGroup>, activity: { id: string; course: Course | null }, teacherDutyIds: readonly string[]): Rec {
  const g = row.content;
  const course = activity.course;
  return compact({
    id: activity.id,
    meta: meta(row),
    displayName: course ? `${g.name} ${course.courseName ?? course.subjectName ?? course.courseCode ?? course.subjectCode ?? ''}`.trim() : g.name,
    calendarEventsRequired: false,
    activityType: 'Undervisning',
    startDate: g.startDate ?? '1900-01-01',
    endDate: g.endDate,
    groups: [{ id: g.id }],
    teachers: teacherDutyIds.map((id) => ({ duty: { id } })),
    syllabus: course ? { id: course.syllabusId } : undefined,
    organisation: { id: g.schoolId },
  });
}

/** A course as Syllabus; `official` and `schoolType` are not kept by the export: official true, the group's school type. */
export function syllabusRecord(course: Course, schoolType: string | null, row: Pick<PublishedRow, 'created' | 'modified'>): Rec {
  return compact({
    id: course.syllabusId,
    meta: meta(row),
    schoolType,
    subjectCode: course.subjectCode,
    subjectName: course.subjectName ?? '',
    courseCode: course.courseCode,
    courseName: course.courseName,
    official: true,
  });
}
