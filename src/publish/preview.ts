import type { ChangeCounts, ChangeKind, DiffEntityType, GuardVerdict } from '../diff/types.ts';
import type { Store } from '../store/index.ts';

/** A changed record as the preview shows it: never a personnummer. */
export interface PreviewRecord {
  entityType: DiffEntityType;
  entityId: string;
  kind: ChangeKind;
  /** A deletion the incomplete-data guard keeps back. */
  withheld: boolean;
  /** The record after the change (before, for deletions, while still published); civicNo removed. */
  content: Record<string, unknown> | null;
  /** Updates: changed fields with before/after; civicNo removed. */
  fields: Record<string, { before: unknown; after: unknown }> | null;
}

export interface RunPreview {
  runId: string;
  customerId: string;
  status: string;
  dryRun: boolean;
  changeCounts: ChangeCounts | null;
  guard: GuardVerdict | null;
  sample: PreviewRecord[];
}

/** Fields that never leave the store in a preview. */
const REDACTED = new Set(['civicNo']);

/**
 * What an operator looks at before approving a held run: counts per type and kind, the guard's
 * reasons, and up to `samplePerTypeAndKind` changed records of each type and kind without personnummer.
 */
export async function runPreview(store: Store, runId: string, samplePerTypeAndKind = 5): Promise<RunPreview | undefined> {
  const run = await store.runs.get(runId);
  if (!run) return undefined;
  const rows = await store.db.query<{ entity_type: DiffEntityType; entity_id: string; kind: ChangeKind; withheld: boolean; fields: PreviewRecord['fields']; content: Record<string, unknown> | null }>(
    `SELECT c.entity_type, c.entity_id, c.kind, c.withheld, c.fields, coalesce(s.content, p.content) AS content
     FROM (SELECT *, row_number() OVER (PARTITION BY entity_type, kind ORDER BY entity_id) AS rn FROM run_changes WHERE run_id = $1) c
     LEFT JOIN snapshot_entities s ON s.run_id = c.run_id AND s.entity_type = c.entity_type AND s.entity_id = c.entity_id
     LEFT JOIN published_entities p ON p.customer_id = $2 AND p.entity_type = c.entity_type AND p.entity_id = c.entity_id
     WHERE c.rn <= $3
     ORDER BY c.entity_type, c.kind, c.entity_id`,
    [runId, run.customerId, samplePerTypeAndKind],
  );
  return {
    runId,
    customerId: run.customerId,
    status: run.status,
    dryRun: run.dryRun,
    changeCounts: run.changeCounts,
    guard: run.guard,
    sample: rows.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id, kind: r.kind, withheld: r.withheld, content: redact(r.content), fields: redact(r.fields) })),
  };
}

function redact<T extends Record<string, unknown> | null>(value: T): T {
  if (!value) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !REDACTED.has(k))) as T;
}
