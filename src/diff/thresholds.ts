import { z } from 'zod';
import { CHANGE_KINDS, DIFF_ENTITY_TYPES, type ChangeKind, type DiffEntityType } from './types.ts';

// Per-customer guard settings: how many changes of a kind a run may carry before it waits for a
// person's approval, and how long it waits. Validated with the customer file.

/** A limit is exceeded when the number is above `count`, or above `percent` of the published count. */
export const limitSchema = z.strictObject({
  /** Absolute number of records. */
  count: z.number().int().min(0).optional(),
  /** Percent (0–100+) of the type's published count; not applied when that count is zero. */
  percent: z.number().min(0).optional(),
});
export type Limit = z.infer<typeof limitSchema>;

const kindLimitsSchema = z.strictObject({ created: limitSchema.optional(), updated: limitSchema.optional(), deleted: limitSchema.optional() });
export type KindLimits = z.infer<typeof kindLimitsSchema>;

/**
 * The customer file's optional `thresholds` block. `default` applies to every entity type; a type's
 * own block wins per kind. A kind given as `{}` has no limit. `quarantine` limits quarantined records
 * per IST list (percent of the list's records).
 */
export const thresholdsSchema = z.strictObject({
  default: kindLimitsSchema.optional(),
  school: kindLimitsSchema.optional(),
  person: kindLimitsSchema.optional(),
  class: kindLimitsSchema.optional(),
  teachingGroup: kindLimitsSchema.optional(),
  quarantine: limitSchema.optional(),
});
export type ThresholdsConfig = z.infer<typeof thresholdsSchema>;

/** Built-in limits: deletes > 10 % or > 200, updates > 75 %, creates > 50 %; quarantine > 1 %. */
export const DEFAULT_LIMITS: Record<ChangeKind, Limit> = {
  created: { percent: 50 },
  updated: { percent: 75 },
  deleted: { percent: 10, count: 200 },
};
export const DEFAULT_QUARANTINE_LIMIT: Limit = { percent: 1 };

export interface ResolvedThresholds {
  limits: Record<DiffEntityType, Record<ChangeKind, Limit>>;
  quarantine: Limit;
}

export function resolveThresholds(config: ThresholdsConfig | undefined): ResolvedThresholds {
  const limits = {} as ResolvedThresholds['limits'];
  for (const type of DIFF_ENTITY_TYPES) {
    limits[type] = {} as Record<ChangeKind, Limit>;
    for (const kind of CHANGE_KINDS) limits[type][kind] = config?.[type]?.[kind] ?? config?.default?.[kind] ?? DEFAULT_LIMITS[kind];
  }
  return { limits, quarantine: config?.quarantine ?? DEFAULT_QUARANTINE_LIMIT };
}

/** Whether `actual` is above the limit; `base` is the published count the percentage is taken of. */
export function exceeds(limit: Limit, actual: number, base: number): boolean {
  if (limit.count !== undefined && actual > limit.count) return true;
  return limit.percent !== undefined && base > 0 && (actual * 100) / base > limit.percent;
}

/** `approvalDeadline`: how long a held run waits for a decision, e.g. `72h`, `30m`, `2d`, `10s`. */
export const approvalDeadlineSchema = z.string().regex(/^\d+(s|m|h|d)$/, 'must be a number and a unit: s, m, h or d (e.g. 72h)');
export const DEFAULT_APPROVAL_DEADLINE = '72h';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export function durationMs(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
