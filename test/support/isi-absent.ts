import type { Person, School, TeachingGroup } from '../../src/model/entities.ts';

/**
 * The published fields an ISI (IMS Enterprise) file does not carry, as README "What ISI files lack" lists them:
 * blanked on both routes' snapshots before they are compared. Keep this list and the README table the same.
 */
export const ISI_ABSENT_FIELDS = [
  'school.schoolUnitCode',
  'school.municipalityCode',
  'person.enrolments[].schoolYear',
  'person.enrolments[].programme',
  'person.duties[].dutyId',
  'person.duties[].title',
  'person.duties[].signature',
  'teachingGroup.courses',
] as const;

type Entity = Record<string, unknown>;

/** The entity with ISI_ABSENT_FIELDS blanked (null, or [] for lists). */
export function withoutIsiAbsent(type: string, entity: Entity): Entity {
  if (type === 'school') return { ...entity, schoolUnitCode: null, municipalityCode: null } satisfies Partial<School>;
  if (type === 'teachingGroup') return { ...entity, courses: [] } satisfies Partial<TeachingGroup>;
  if (type === 'person') {
    const p = entity as unknown as Person;
    return {
      ...entity,
      enrolments: p.enrolments.map((e) => ({ ...e, schoolYear: null, programme: null })),
      duties: p.duties
        .map((d) => ({ ...d, dutyId: '', title: '', signature: null }))
        .sort((a, b) => `${a.schoolId}|${a.role}`.localeCompare(`${b.schoolId}|${b.role}`)),
    };
  }
  return entity;
}
