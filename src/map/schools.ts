import type { Organisation } from '../ist/wire/resources.ts';
import type { School } from '../model/entities.ts';
import { isValidOn, type ValidityWindow } from './validity.ts';

/** School units (organisationType Skolenhet) valid on the run date. */
export function mapSchools(organisations: Organisation[], window: ValidityWindow): School[] {
  const ownerOf = huvudmanResolver(organisations);
  return organisations
    .filter((o) => o.organisationType === 'Skolenhet' && isValidOn(o, window))
    .map((o) => ({
      id: o.id,
      name: o.displayName,
      schoolUnitCode: o.schoolUnitCode ?? null,
      schoolTypes: [...(o.schoolTypes ?? [])].sort(),
      municipalityCode: o.municipalityCode ?? null,
      ownerId: ownerOf(o),
      startDate: o.startDate ?? null,
      endDate: o.endDate ?? null,
    }));
}

/**
 * The huvudman of a unit: up the parentOrganisation chain to the first organisation of type Huvudman
 * (a school unit may sit under a Skola or Rektorsområde below it). When the chain reaches none, the
 * customer's only huvudman; null when that is not one organisation.
 */
export function huvudmanResolver(organisations: Organisation[]): (unit: Organisation) => string | null {
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const huvudmän = organisations.filter((o) => o.organisationType === 'Huvudman');
  const only = huvudmän.length === 1 ? huvudmän[0]!.id : null;
  return (unit) => {
    const seen = new Set<string>([unit.id]);
    for (let id = unit.parentOrganisation?.id; id !== undefined && !seen.has(id); id = byId.get(id)?.parentOrganisation?.id) {
      seen.add(id);
      if (byId.get(id)?.organisationType === 'Huvudman') return id;
    }
    return only;
  };
}
