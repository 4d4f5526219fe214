import type { Person, TeachingGroup } from '../../model/entities.ts';
import type { RemovalRow } from '../../store/deletions.ts';
import { groupActivities } from './render.ts';

// SS 12000 /deletedEntities from our change log. Persons, groups (classes, teaching groups) and
// organisations (schools) are entities of ours; duties and activities are parts of persons and
// teaching groups, deleted when their holder is, or when an update drops them. Syllabuses are shared by
// groups and never reported deleted (a client keeps a course no group uses; it harms nothing).

/** SS 12000 entity type (EndPointsEnum) → key in DeletedEntities.data (the spec spells activities "activitites"). */
export const DELETED_KEYS = { Person: 'persons', Group: 'groups', Organisation: 'organisations', Duty: 'duties', Activity: 'activitites' } as const;
export type DeletedType = keyof typeof DELETED_KEYS;

const dutyIds = (p: unknown) => new Set(((p as Person | null)?.duties ?? []).map((d) => d.dutyId));
const activityIds = (g: unknown) => new Set(g ? groupActivities(g as TeachingGroup).map((a) => a.id) : []);
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

/** Add the ids each removal took away, per SS 12000 type. */
export function collectRemovals(rows: readonly RemovalRow[], into: Record<DeletedType, Set<string>>): void {
  for (const row of rows) {
    if (row.kind === 'deleted') {
      if (row.entityType === 'person') into.Person.add(row.entityId);
      else if (row.entityType === 'school') into.Organisation.add(row.entityId);
      else into.Group.add(row.entityId);
    }
    if (row.entityType === 'person') for (const id of minus(dutyIds(row.before), dutyIds(row.after))) into.Duty.add(id);
    if (row.entityType === 'teachingGroup') for (const id of minus(activityIds(row.before), activityIds(row.after))) into.Activity.add(id);
  }
}
