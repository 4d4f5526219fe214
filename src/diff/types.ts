// Shapes of a change set and its guard verdict. They cross Temporal (activity results, the preview
// query), so they hold counts, entity types and ids only: never roster data.

export const ChangeKind = { Created: 'created', Updated: 'updated', Deleted: 'deleted' } as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];
export const CHANGE_KINDS = [ChangeKind.Created, ChangeKind.Updated, ChangeKind.Deleted] as const;

/** Entity types of the published model (the same list as workflows/contract.ts ENTITY_TYPES). */
export const DIFF_ENTITY_TYPES = ['school', 'person', 'class', 'teachingGroup'] as const;
export type DiffEntityType = (typeof DIFF_ENTITY_TYPES)[number];

export interface KindCounts {
  created: number;
  updated: number;
  deleted: number;
  /** Deletions kept back by the incomplete-data guard (counted in `deleted` too). */
  withheld: number;
}
export type ChangeCounts = Record<DiffEntityType, KindCounts>;

export const GuardRule = {
  /** A threshold (absolute or percent) for one entity type and change kind was exceeded. */
  Threshold: 'threshold',
  /** A list IST answers with zero records (or the model has zero of a type) where the published state has some. */
  ZeroRecords: 'zero_records',
  /** A list's fetch failed. */
  ResourceFailed: 'resource_failed',
  /** More of a list's records were quarantined than the limit allows. */
  Quarantine: 'quarantine',
} as const;
export type GuardRule = (typeof GuardRule)[keyof typeof GuardRule];

/** Why a run is held; names entity types, resources and numbers only. */
export interface GuardReason {
  rule: GuardRule;
  entityType: DiffEntityType;
  kind?: ChangeKind;
  resource?: string;
  /** The observed number (changes, quarantined records, records). */
  actual: number;
  /** The published count of the type the percentage is taken of. */
  base?: number;
  limit?: { count?: number; percent?: number };
}

export interface GuardVerdict {
  held: boolean;
  /** The customer has no publication yet: thresholds are skipped (the incomplete-data guards still hold). */
  firstRun: boolean;
  reasons: GuardReason[];
  /** Types whose deletions are never published from this run (incomplete data). */
  withheldDeletionTypes: DiffEntityType[];
}

/** A changed entity named by type and id only: what the workflow may keep for the preview query. */
export interface ChangeRef {
  entityType: DiffEntityType;
  entityId: string;
  kind: ChangeKind;
}

export function emptyChangeCounts(): ChangeCounts {
  return Object.fromEntries(DIFF_ENTITY_TYPES.map((t) => [t, { created: 0, updated: 0, deleted: 0, withheld: 0 }])) as ChangeCounts;
}
