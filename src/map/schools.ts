import type { Organisation } from '../ist/wire/resources.ts';
import type { School } from '../model/entities.ts';
import { isValidOn, type ValidityWindow } from './validity.ts';

/** School units (organisationType Skolenhet) valid on the run date. */
export function mapSchools(organisations: Organisation[], window: ValidityWindow): School[] {
  const owner = organisations.find((o) => o.organisationType === 'Huvudman');
  return organisations
    .filter((o) => o.organisationType === 'Skolenhet' && isValidOn(o, window))
    .map((o) => ({
      id: o.id,
      name: o.displayName,
      schoolUnitCode: o.schoolUnitCode ?? null,
      schoolTypes: [...(o.schoolTypes ?? [])].sort(),
      municipalityCode: o.municipalityCode ?? null,
      ownerId: o.parentOrganisation?.id ?? owner?.id ?? null,
      startDate: o.startDate ?? null,
      endDate: o.endDate ?? null,
    }));
}
