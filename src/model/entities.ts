import { z } from 'zod';

// Our published model: words of the school organisation, not of SS 12000. Relations are ids inside
// the entities; every relation is valid on the run date (Europe/Stockholm), or starts within the
// customer's look-ahead. Changing a shape means a new MODEL_VERSION and `npx tsx scripts/gen-json-schema.ts`,
// which writes schema/model-v<N>.schema.json (a unit test fails while the committed file is out of date).

export const MODEL_VERSION = 3;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD');
/** Inclusive validity of an entity or relation; null is open. */
const dates = { startDate: date.nullable(), endDate: date.nullable() };

export const school = z
  .object({
    id: z.string().describe('IST id of the school unit (Skolenhet)'),
    name: z.string(),
    schoolUnitCode: z.string().nullable().describe('Skolenhetskod (Skolverket)'),
    schoolTypes: z.array(z.string()).describe('SS 12000 school type codes, e.g. GR, GY'),
    municipalityCode: z.string().nullable(),
    ownerId: z.string().nullable().describe('IST id of the huvudman: the first organisation of type Huvudman up the parent chain'),
    ...dates,
  })
  .meta({ title: 'School' });

export const programme = z.object({ id: z.string(), name: z.string().nullable() });

export const enrolment = z.object({
  schoolId: z.string(),
  schoolYear: z.number().int().nullable(),
  schoolType: z.string(),
  programme: programme.nullable(),
  ...dates,
});

export const staffDuty = z.object({
  dutyId: z.string(),
  schoolId: z.string(),
  /** SS 12000 dutyRole, e.g. Lärare, Rektor. */
  role: z.string(),
  /** Befattning: IST's duty description, or the role when IST gives none. */
  title: z.string().describe('Befattning: the duty description, or the role when IST gives none'),
  signature: z.string().nullable(),
  ...dates,
});

export const personRole = z.enum(['student', 'staff']);

export const person = z
  .object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    displayName: z.string(),
    /** Chosen by type (school address first, per customer preference); null when none is usable. */
    email: z.string().nullable(),
    roles: z.array(personRole),
    schoolIds: z.array(z.string()),
    /** The student's class(es) on the run date. */
    classIds: z.array(z.string()),
    teachingGroupIds: z.array(z.string()),
    enrolments: z.array(enrolment),
    duties: z.array(staffDuty),
    /** IST marks the person (Sekretessmarkering / Skyddad folkbokföring): no address or personnummer, ever. */
    protectedIdentity: z.boolean(),
    /**
     * Personnummer (12 digits, or IST's temporary number): only for customers with forwardCivicNo and never
     * for protected persons. In the store it is an encrypted token (`civicno-enc:v1:…`); exports decrypt it.
     */
    civicNo: z.string().optional(),
  })
  .meta({ title: 'Person' });

export const course = z.object({
  syllabusId: z.string(),
  subjectCode: z.string().nullable(),
  subjectName: z.string().nullable(),
  courseCode: z.string().nullable(),
  courseName: z.string().nullable(),
});

/** What classes and teaching groups share: school, name, dates, members, mentors. */
const groupFields = {
  id: z.string(),
  name: z.string(),
  schoolId: z.string(),
  schoolType: z.string().nullable(),
  ...dates,
  studentIds: z.array(z.string()),
  /** Persons behind duties with assignment role Mentor for this group. */
  mentorIds: z.array(z.string()),
};

export const schoolClass = z
  .object({
    ...groupFields,
    /**
     * Person ids of teachers an activity links to the class directly (activity → duty → person); absent when
     * none does, so classes taught through teaching groups keep their v2 content. Added in model v3.
     */
    teacherIds: z.array(z.string()).optional(),
  })
  .meta({ title: 'SchoolClass' });

export const teachingGroup = z
  .object({
    ...groupFields,
    /** Person ids, resolved from IST's activity → duty → person. */
    teacherIds: z.array(z.string()),
    courses: z.array(course),
  })
  .meta({ title: 'TeachingGroup' });

/** Entity type → schema; the published model, one NDJSON file per key. */
export const MODEL_SCHEMAS = { school, person, class: schoolClass, teachingGroup } as const;

export type School = z.infer<typeof school>;
export type Person = z.infer<typeof person>;
export type SchoolClass = z.infer<typeof schoolClass>;
export type TeachingGroup = z.infer<typeof teachingGroup>;
export type Course = z.infer<typeof course>;
export type Enrolment = z.infer<typeof enrolment>;
export type StaffDuty = z.infer<typeof staffDuty>;

export type Entity =
  | { type: 'school'; id: string; content: School }
  | { type: 'person'; id: string; content: Person }
  | { type: 'class'; id: string; content: SchoolClass }
  | { type: 'teachingGroup'; id: string; content: TeachingGroup };
