// Response schemas of the SS 12000 routes, for Fastify's schema-based serialisation: only declared
// attributes leave the server (a field added to the model by mistake is not forwarded), and a list is
// serialised without a generic JSON.stringify walk. The attributes are those of SS 12000 v2.1 that
// src/api/ss12000/render.ts fills; the tests validate every response against the official spec.

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strings = { type: 'array', items: str } as const;
const ref = { type: 'object', properties: { id: str, displayName: str }, required: ['id'] } as const;
const refs = { type: 'array', items: ref } as const;
const meta = { type: 'object', properties: { created: str, modified: str }, required: ['created', 'modified'] } as const;
const dated = { startDate: str, endDate: str } as const;

const organisation = {
  type: 'object',
  properties: { id: str, meta, displayName: str, organisationType: str, schoolUnitCode: str, schoolTypes: strings, municipalityCode: str, parentOrganisation: ref, ...dated },
  required: ['id', 'meta', 'displayName', 'organisationType'],
} as const;

const dutyBase = {
  id: str,
  meta,
  person: ref,
  dutyAt: ref,
  dutyRole: str,
  description: str,
  signature: str,
  ...dated,
  assignmentRole: { type: 'array', items: { type: 'object', properties: { group: ref, assignmentRoleType: str, ...dated } } },
} as const;

const personBase = {
  id: str,
  meta,
  givenName: str,
  middleName: str,
  familyName: str,
  civicNo: { type: 'object', properties: { value: str, nationality: str } },
  securityMarking: str,
  emails: { type: 'array', items: { type: 'object', properties: { value: str, type: str } } },
  enrolments: {
    type: 'array',
    items: { type: 'object', properties: { enroledAt: ref, schoolYear: int, schoolType: str, ...dated, programme: ref } },
  },
} as const;

const groupFragment = { id: str, meta, displayName: str, groupType: str, schoolType: str, organisation: ref, ...dated } as const;
const groupBase = { ...groupFragment, groupMemberships: { type: 'array', items: { type: 'object', properties: { person: ref, ...dated } } } } as const;
const syllabus = {
  type: 'object',
  properties: { id: str, meta, schoolType: str, subjectCode: str, subjectName: str, courseCode: str, courseName: str, official: bool },
} as const;
const activityBase = {
  id: str,
  meta,
  displayName: str,
  calendarEventsRequired: bool,
  activityType: str,
  ...dated,
  groups: refs,
  teachers: { type: 'array', items: { type: 'object', properties: { duty: ref, ...dated } } },
  syllabus: ref,
  organisation: ref,
} as const;

const duty = { type: 'object', properties: { ...dutyBase, _embedded: { type: 'object', properties: { person: { type: 'object', properties: personBase } } } } } as const;
const person = {
  type: 'object',
  properties: {
    ...personBase,
    _embedded: {
      type: 'object',
      properties: {
        duties: { type: 'array', items: { type: 'object', properties: dutyBase } },
        groupMemberships: { type: 'array', items: { type: 'object', properties: { group: { type: 'object', properties: groupFragment }, ...dated } } },
        responsibleFor: { type: 'array', items: { type: 'object' } },
        placements: { type: 'array', items: { type: 'object' } },
        ownedPlacements: { type: 'array', items: { type: 'object' } },
      },
    },
  },
} as const;
const group = {
  type: 'object',
  properties: { ...groupBase, _embedded: { type: 'object', properties: { assignmentRoles: { type: 'array', items: { type: 'object', properties: { duty: ref, assignmentRoleType: str, ...dated } } } } } },
} as const;
const activity = {
  type: 'object',
  properties: {
    ...activityBase,
    _embedded: {
      type: 'object',
      properties: { groups: { type: 'array', items: { type: 'object', properties: groupBase } }, teachers: { type: 'array', items: { type: 'object', properties: dutyBase } }, syllabus },
    },
  },
} as const;

export const RECORD_SCHEMAS: Record<string, object> = { organisations: organisation, persons: person, duties: duty, groups: group, activities: activity, syllabuses: syllabus };

export const errorSchema = { type: 'object', properties: { code: str, message: str }, required: ['code', 'message'] } as const;

export function listSchema(resource: string): object {
  return { type: 'object', properties: { data: { type: 'array', items: RECORD_SCHEMAS[resource] }, pageToken: { type: ['string', 'null'] } }, required: ['data'] };
}

export const deletedEntitiesSchema = {
  type: 'object',
  properties: {
    data: { type: 'object', properties: Object.fromEntries(['organisations', 'persons', 'duties', 'groups', 'activitites', 'syllabuses'].map((k) => [k, strings])) },
    pageToken: { type: ['string', 'null'] },
  },
} as const;
