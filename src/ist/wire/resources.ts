import { z } from 'zod';
import { isoDate, meta, objectReference } from './common.ts';

// Dates SS 12000 marks required (Duty, Group, Activity and Enrolment startDate) are optional here:
// servers omit them, and a record without one is read as open-ended and reported (src/map/source-findings.ts),
// not quarantined. A date that is present must still be a date.

export const organisation = z.looseObject({
  id: z.string().min(1),
  meta: meta.optional(),
  displayName: z.string(),
  organisationType: z.string(),
  organisationCode: z.string().optional(),
  organisationNumber: z.string().optional(),
  parentOrganisation: objectReference.optional(),
  schoolUnitCode: z.string().optional(),
  schoolTypes: z.array(z.string()).optional(),
  municipalityCode: z.string().optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});

export const email = z.looseObject({ value: z.string(), type: z.string() });

export const enrolment = z.looseObject({
  enroledAt: objectReference,
  schoolYear: z.number().int().optional(),
  schoolType: z.string(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  cancelled: z.boolean().optional(),
  educationCode: z.string().optional(),
  programme: objectReference.optional(),
  specification: z.string().optional(),
});

export const person = z.looseObject({
  id: z.string().min(1),
  meta: meta.optional(),
  givenName: z.string(),
  middleName: z.string().optional(),
  familyName: z.string(),
  civicNo: z.looseObject({ value: z.string(), nationality: z.string().optional() }).optional(),
  birthDate: isoDate.optional(),
  securityMarking: z.string().optional(),
  personStatus: z.string().optional(),
  emails: z.array(email).optional(),
  enrolments: z.array(enrolment).optional(),
});

export const duty = z.looseObject({
  id: z.string().min(1),
  meta: meta.optional(),
  person: objectReference.optional(),
  dutyAt: objectReference,
  dutyRole: z.string(),
  description: z.string().optional(),
  signature: z.string().optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});

export const groupMembership = z.looseObject({
  person: objectReference,
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});

export const group = z.looseObject({
  id: z.string().min(1),
  meta: meta.optional(),
  displayName: z.string(),
  groupType: z.string(),
  schoolType: z.string().optional(),
  organisation: objectReference,
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  groupMemberships: z.array(groupMembership).optional(),
});

export const dutyAssignment = z.looseObject({
  duty: objectReference,
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});

export const activity = z.looseObject({
  id: z.string().min(1),
  meta: meta.optional(),
  displayName: z.string(),
  activityType: z.string().optional(),
  groups: z.array(objectReference),
  teachers: z.array(dutyAssignment).optional(),
  syllabus: objectReference.optional(),
  organisation: objectReference,
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});

export const syllabus = z.looseObject({
  id: z.string().min(1),
  meta: meta.optional(),
  subjectCode: z.string().optional(),
  subjectName: z.string().optional(),
  subjectDesignation: z.string().optional(),
  courseCode: z.string().optional(),
  courseName: z.string().optional(),
  schoolType: z.string().optional(),
  official: z.boolean().optional(),
});

export type Organisation = z.infer<typeof organisation>;
export type Person = z.infer<typeof person>;
export type Duty = z.infer<typeof duty>;
export type Group = z.infer<typeof group>;
export type Activity = z.infer<typeof activity>;
export type Syllabus = z.infer<typeof syllabus>;
