// Record identities and meta, shared by all generators so references always resolve.
import { formatTimestamp } from './dates.ts';
import { rint, uuidFor } from './prng.ts';
import type { Tenant } from './tenant-plan.ts';

export const huvudmanId = (t: Tenant): string => uuidFor(t.seed, 'org', 0);
export const schoolId = (t: Tenant, school: number): string => uuidFor(t.seed, 'org', school + 1);
export const personId = (t: Tenant, p: number): string => uuidFor(t.seed, 'person', p);
export const dutyId = (t: Tenant, d: number): string => uuidFor(t.seed, 'duty', d);
export const groupId = (t: Tenant, g: number): string => uuidFor(t.seed, 'group', g);
export const activityId = (t: Tenant, a: number): string => uuidFor(t.seed, 'activity', a);
export const syllabusId = (t: Tenant, i: number): string => uuidFor(t.seed, 'syllabus', i);

/** created/modified lie before the reference date, so "modified since" logic sees stable values. */
export function metaFor(t: Tenant, kind: string, index: number): { created: string; modified: string } {
  const createdDay = t.ref - 30 - rint(t.seed, `${kind}.created`, index, 1500);
  const modifiedDay = createdDay + rint(t.seed, `${kind}.modified`, index, t.ref - createdDay);
  const createdSec = rint(t.seed, `${kind}.createdSec`, index, 86_400);
  const modifiedSec = modifiedDay === createdDay
    ? createdSec + rint(t.seed, `${kind}.modifiedSec`, index, 86_400 - createdSec)
    : rint(t.seed, `${kind}.modifiedSec`, index, 86_400);
  return { created: formatTimestamp(createdDay, createdSec), modified: formatTimestamp(modifiedDay, modifiedSec) };
}
