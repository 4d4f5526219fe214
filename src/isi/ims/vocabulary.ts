// IMS Enterprise words → SS 12000 words. IST's IMS2013 profile is not public: group type values are looked up here
// in Swedish and English, case-insensitively; a value not listed is kept as sent (the group is staged with that
// groupType, which the mapping does not publish, like an SS 12000 group type it does not publish) and counted.

export const GroupKind = { Owner: 'owner', School: 'school', Class: 'class', Teaching: 'teaching' } as const;
export type GroupKind = (typeof GroupKind)[keyof typeof GroupKind];

const GROUP_KINDS: Record<string, GroupKind> = {
  huvudman: GroupKind.Owner, 'school owner': GroupKind.Owner, kommun: GroupKind.Owner,
  skolenhet: GroupKind.School, 'school unit': GroupKind.School, school: GroupKind.School, skola: GroupKind.School,
  klass: GroupKind.Class, class: GroupKind.Class,
  undervisning: GroupKind.Teaching, undervisningsgrupp: GroupKind.Teaching, 'teaching group': GroupKind.Teaching, course: GroupKind.Teaching, kurs: GroupKind.Teaching,
};

/** A <grouptype> whose <scheme> names the school form (SS 12000 schoolType: GR, GY, …) rather than the kind. */
export const SCHOOL_FORM_SCHEME = /skolform|schooltype|school form/i;

export function groupKindOf(value: string): GroupKind | undefined {
  return GROUP_KINDS[value.trim().toLowerCase()];
}

/** SS 12000 groupType of the kinds the model publishes. */
export const SS12000_GROUP_TYPE = { [GroupKind.Class]: 'Klass', [GroupKind.Teaching]: 'Undervisning' } as const;

/** IMS Enterprise 1.1 role types (roletype attribute), by code and by name. */
export const RoleType = {
  Learner: 'Learner', Instructor: 'Instructor', ContentDeveloper: 'Content Developer', Member: 'Member',
  Manager: 'Manager', Mentor: 'Mentor', Administrator: 'Administrator', TeachingAssistant: 'TeachingAssistant',
} as const;
export type RoleType = (typeof RoleType)[keyof typeof RoleType];

const ROLE_CODES: Record<string, RoleType> = {
  '01': RoleType.Learner, '02': RoleType.Instructor, '03': RoleType.ContentDeveloper, '04': RoleType.Member,
  '05': RoleType.Manager, '06': RoleType.Mentor, '07': RoleType.Administrator, '08': RoleType.TeachingAssistant,
};

export function roleTypeOf(value: string): RoleType | undefined {
  const v = value.trim();
  return ROLE_CODES[v] ?? ROLE_CODES[v.padStart(2, '0')] ?? Object.values(RoleType).find((r) => r.toLowerCase() === v.toLowerCase());
}

/** useridtype values that mark a personnummer (or IST's temporary number). */
export const CIVIC_NO_USERID = /personnummer|personnr|civicno|civic_no|pnr|ssn|nationalid/i;

/** The one email IMS carries has no SS 12000 type; it is staged with this type (README: "What ISI files lack"). */
export const ISI_EMAIL_TYPE = 'IMS email';
