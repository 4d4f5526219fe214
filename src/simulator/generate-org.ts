import { formatDay } from './dates.ts';
import { asciiSlug } from './names.ts';
import { huvudmanId, metaFor, schoolId } from './refs.ts';
import { school, type Tenant } from './tenant-plan.ts';

export function organisationCount(t: Tenant): number {
  return 1 + t.schools.length;
}

/** Index 0 is the huvudman, 1..n the school units. */
export function organisationRecord(t: Tenant, i: number): Record<string, unknown> {
  if (i === 0) {
    return {
      id: huvudmanId(t), meta: metaFor(t, 'org', 0), displayName: `${t.municipality.name} kommun`,
      organisationCode: 'HM1', organisationType: 'Huvudman', organisationNumber: t.orgNumber,
      municipalityCode: t.municipality.code, startDate: '1971-01-01',
    };
  }
  const s = school(t, i - 1);
  return {
    id: schoolId(t, s.index), meta: metaFor(t, 'org', i), displayName: s.name,
    organisationCode: `SE${String(s.index + 1).padStart(3, '0')}`, organisationType: 'Skolenhet',
    schoolUnitCode: s.unitCode, schoolTypes: [s.schoolType], parentOrganisation: { id: huvudmanId(t) },
    municipalityCode: t.municipality.code, email: `expedition.${asciiSlug(s.name)}@${t.domain}`,
    startDate: formatDay(s.startDay),
  };
}
