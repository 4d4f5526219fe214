import { z } from 'zod';

// Our published model: words of the school organisation, not of SS 12000. Relations are ids inside
// the entities; everything is valid on the run date (Europe/Stockholm).

export const MODEL_VERSION = 1;

export const school = z.object({
  id: z.string(),
  name: z.string(),
  schoolUnitCode: z.string().nullable(),
  schoolTypes: z.array(z.string()),
  municipalityCode: z.string().nullable(),
  ownerId: z.string().nullable(),
});

export const enrolment = z.object({
  schoolId: z.string(),
  schoolYear: z.number().int().nullable(),
  schoolType: z.string(),
});

export const staffDuty = z.object({
  dutyId: z.string(),
  schoolId: z.string(),
  role: z.string(),
  /** Befattning: IST's duty description, or the role when IST gives none. */
  title: z.string(),
  signature: z.string().nullable(),
});

export const person = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(['student', 'staff'])),
  schoolIds: z.array(z.string()),
  classIds: z.array(z.string()),
  teachingGroupIds: z.array(z.string()),
  enrolments: z.array(enrolment),
  duties: z.array(staffDuty),
  /** Personnummer: present only for customers with forwardCivicNo. */
  civicNo: z.string().optional(),
});

export const course = z.object({
  syllabusId: z.string(),
  subjectCode: z.string().nullable(),
  subjectName: z.string().nullable(),
  courseCode: z.string().nullable(),
  courseName: z.string().nullable(),
});

export const schoolClass = z.object({
  id: z.string(),
  name: z.string(),
  schoolId: z.string(),
  schoolType: z.string().nullable(),
  studentIds: z.array(z.string()),
});

export const teachingGroup = z.object({
  id: z.string(),
  name: z.string(),
  schoolId: z.string(),
  schoolType: z.string().nullable(),
  studentIds: z.array(z.string()),
  /** Person ids, resolved from IST's activity → duty → person. */
  teacherIds: z.array(z.string()),
  courses: z.array(course),
});

export type School = z.infer<typeof school>;
export type Person = z.infer<typeof person>;
export type SchoolClass = z.infer<typeof schoolClass>;
export type TeachingGroup = z.infer<typeof teachingGroup>;
export type Course = z.infer<typeof course>;

export type Entity =
  | { type: 'school'; id: string; content: School }
  | { type: 'person'; id: string; content: Person }
  | { type: 'class'; id: string; content: SchoolClass }
  | { type: 'teachingGroup'; id: string; content: TeachingGroup };
