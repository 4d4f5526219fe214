import { exceeds, type ResolvedThresholds } from './thresholds.ts';
import { CHANGE_KINDS, DIFF_ENTITY_TYPES, GuardRule, type ChangeCounts, type DiffEntityType, type GuardReason, type GuardVerdict } from './types.ts';

// The guards that stand between a bad night at the source and a municipality's accounts: incomplete
// data never deletes, and a change set beyond the customer's thresholds waits for a person. Pure.

/** Which published entity types an IST list feeds: a hole in the list is a hole in those types. */
export const RESOURCE_ENTITY_TYPES: Record<string, DiffEntityType[]> = {
  organisations: ['school'],
  persons: ['person'],
  duties: ['person'],
  groups: ['class', 'teachingGroup'],
  activities: ['teachingGroup'],
  syllabuses: ['teachingGroup'],
};

export interface ResourceOutcome {
  resource: string;
  records: number;
  quarantined: number;
  /** The list could not be read completely (a fetch that gave up). */
  failed?: boolean;
}

export interface GuardInput {
  /** The customer has nothing published yet. */
  firstRun: boolean;
  changes: ChangeCounts;
  /** Entities per type in the customer's published state (the diff base). */
  publishedCounts: Record<DiffEntityType, number>;
  /** Entities per type in this run's snapshot. */
  snapshotCounts: Record<DiffEntityType, number>;
  resources: ResourceOutcome[];
  /** Records per IST list the last published run read; lists it did not record are not compared. */
  publishedRecords: Record<string, number>;
  thresholds: ResolvedThresholds;
}

/**
 * Lists without which no customer's export is whole: zero records in one of them on a first run
 * (nothing published to compare with) is a hole, not a small municipality.
 */
export const LISTS_NEVER_EMPTY: readonly string[] = ['organisations', 'persons', 'duties', 'groups'];

export function evaluateGuards(input: GuardInput): GuardVerdict {
  // Incomplete data holds every run, the first included: a first run that publishes half a list
  // hands downstream a half municipality. Only the change-count thresholds need a publication to compare with.
  const reasons: GuardReason[] = [...incompleteData(input)];
  if (!input.firstRun) {
    for (const entityType of DIFF_ENTITY_TYPES) {
      const base = input.publishedCounts[entityType];
      for (const kind of CHANGE_KINDS) {
        const actual = input.changes[entityType][kind];
        const limit = input.thresholds.limits[entityType][kind];
        if (actual > 0 && exceeds(limit, actual, base)) reasons.push({ rule: GuardRule.Threshold, entityType, kind, actual, base, limit });
      }
    }
  }
  const withheld = new Set(reasons.filter((r) => r.rule !== GuardRule.Threshold).map((r) => r.entityType));
  return {
    held: reasons.length > 0,
    firstRun: input.firstRun,
    reasons,
    withheldDeletionTypes: DIFF_ENTITY_TYPES.filter((t) => withheld.has(t)),
  };
}

function incompleteData(input: GuardInput): GuardReason[] {
  const reasons: GuardReason[] = [];
  const feeds = (resource: string) => RESOURCE_ENTITY_TYPES[resource] ?? [];
  for (const r of input.resources) {
    if (r.failed) {
      for (const entityType of feeds(r.resource)) reasons.push({ rule: GuardRule.ResourceFailed, entityType, resource: r.resource, actual: r.records });
      continue;
    }
    const before = input.publishedRecords[r.resource] ?? 0;
    if (r.records === 0 && (before > 0 || (input.firstRun && LISTS_NEVER_EMPTY.includes(r.resource)))) {
      for (const entityType of feeds(r.resource)) reasons.push({ rule: GuardRule.ZeroRecords, entityType, resource: r.resource, actual: 0, base: before });
    }
    const read = r.records + r.quarantined;
    if (r.quarantined > 0 && exceeds(input.thresholds.quarantine, r.quarantined, read)) {
      for (const entityType of feeds(r.resource)) reasons.push({ rule: GuardRule.Quarantine, entityType, resource: r.resource, actual: r.quarantined, base: read, limit: input.thresholds.quarantine });
    }
  }
  for (const entityType of DIFF_ENTITY_TYPES) {
    const base = input.publishedCounts[entityType];
    if (input.snapshotCounts[entityType] === 0 && base > 0) reasons.push({ rule: GuardRule.ZeroRecords, entityType, actual: 0, base });
  }
  return reasons;
}
