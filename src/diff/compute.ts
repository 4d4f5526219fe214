import type { Db } from '../store/db.ts';
import { DIFF_ENTITY_TYPES, emptyChangeCounts, type ChangeCounts, type ChangeRef, type DiffEntityType } from './types.ts';

// The change set of a run against the customer's published state, computed set-based in Postgres:
// one full join on (entity_type, entity_id) comparing content hashes. Node never holds either side,
// so memory stays flat however large the tenant.

export interface RunDiff {
  /** The publication the diff was taken against; null when the customer has none (first run). */
  baseRunId: string | null;
  baseSeq: number | null;
  changes: ChangeCounts;
  publishedCounts: Record<DiffEntityType, number>;
  snapshotCounts: Record<DiffEntityType, number>;
}

/**
 * Write the run's change set into run_changes (replacing an earlier attempt's) and record its base.
 * Updates carry field-level before/after over the entity's top-level fields.
 */
export async function computeRunDiff(db: Db, customerId: string, runId: string): Promise<RunDiff> {
  // The run's snapshot was just written: fresh statistics keep the planner on index joins for the
  // largest tenants (stale ones turned a seconds-long publish into minutes in the benchmark).
  await db.exec('ANALYZE snapshot_entities');
  const base = await db.transaction(async (tx) => {
    const [pub] = await tx.query<{ run_id: string; last_seq: string }>('SELECT run_id, last_seq FROM publications WHERE customer_id = $1', [customerId]);
    await tx.query('DELETE FROM run_changes WHERE run_id = $1', [runId]);
    // Keys and hashes only: the join never carries content.
    await tx.query(
      `INSERT INTO run_changes (run_id, entity_type, entity_id, kind)
       SELECT $1, coalesce(n.entity_type, p.entity_type), coalesce(n.entity_id, p.entity_id),
              CASE WHEN p.entity_id IS NULL THEN 'created' WHEN n.entity_id IS NULL THEN 'deleted' ELSE 'updated' END
       FROM (SELECT entity_type, entity_id, content_hash FROM snapshot_entities WHERE run_id = $1) n
       FULL JOIN (SELECT entity_type, entity_id, content_hash FROM published_entities WHERE customer_id = $2) p
         ON n.entity_type = p.entity_type AND n.entity_id = p.entity_id
       WHERE n.entity_id IS NULL OR p.entity_id IS NULL OR n.content_hash <> p.content_hash`,
      [runId, customerId],
    );
    await tx.exec('ANALYZE run_changes');
    // Field-level before/after, only for the updated rows.
    await tx.query(
      `UPDATE run_changes c SET fields = (
         SELECT jsonb_object_agg(key, jsonb_build_object('before', b.value, 'after', a.value))
         FROM jsonb_each(p.content) b FULL JOIN jsonb_each(n.content) a USING (key)
         WHERE b.value IS DISTINCT FROM a.value)
       FROM snapshot_entities n, published_entities p
       WHERE c.run_id = $1 AND c.kind = 'updated'
         AND n.run_id = c.run_id AND n.entity_type = c.entity_type AND n.entity_id = c.entity_id
         AND p.customer_id = $2 AND p.entity_type = c.entity_type AND p.entity_id = c.entity_id`,
      [runId, customerId],
    );
    await tx.query('UPDATE runs SET base_run_id = $2, base_seq = $3, diffed_at = now() WHERE run_id = $1', [runId, pub?.run_id ?? null, pub ? Number(pub.last_seq) : null]);
    return pub ? { baseRunId: pub.run_id, baseSeq: Number(pub.last_seq) } : { baseRunId: null, baseSeq: null };
  });
  return {
    ...base,
    changes: await changeCounts(db, runId),
    publishedCounts: typeCounts(await db.query<{ entity_type: string; n: number }>('SELECT entity_type, count(*)::int AS n FROM published_entities WHERE customer_id = $1 GROUP BY entity_type', [customerId])),
    snapshotCounts: typeCounts(await db.query<{ entity_type: string; n: number }>('SELECT entity_type, count(*)::int AS n FROM snapshot_entities WHERE run_id = $1 GROUP BY entity_type', [runId])),
  };
}

/** Mark exactly the deletions of these types as withheld (an earlier attempt's marks are replaced). */
export async function withholdDeletions(db: Db, runId: string, types: readonly DiffEntityType[]): Promise<void> {
  await db.query(`UPDATE run_changes SET withheld = (kind = 'deleted' AND entity_type = ANY($2::text[])) WHERE run_id = $1`, [runId, [...types]]);
}

export async function changeCounts(db: Db, runId: string): Promise<ChangeCounts> {
  const rows = await db.query<{ entity_type: DiffEntityType; kind: 'created' | 'updated' | 'deleted'; withheld: boolean; n: number }>(
    'SELECT entity_type, kind, withheld, count(*)::int AS n FROM run_changes WHERE run_id = $1 GROUP BY entity_type, kind, withheld',
    [runId],
  );
  const counts = emptyChangeCounts();
  for (const r of rows) {
    const c = counts[r.entity_type];
    if (!c) continue;
    c[r.kind] += r.n;
    if (r.withheld) c.withheld += r.n;
  }
  return counts;
}

/** A few changed entities per type and kind, by id only: small enough for workflow state. */
export async function changeRefs(db: Db, runId: string, perTypeAndKind: number): Promise<ChangeRef[]> {
  const rows = await db.query<{ entity_type: DiffEntityType; entity_id: string; kind: ChangeRef['kind'] }>(
    `SELECT entity_type, entity_id, kind FROM (
       SELECT entity_type, entity_id, kind, row_number() OVER (PARTITION BY entity_type, kind ORDER BY entity_id) AS rn
       FROM run_changes WHERE run_id = $1) x
     WHERE rn <= $2 ORDER BY entity_type, kind, entity_id`,
    [runId, perTypeAndKind],
  );
  return rows.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id, kind: r.kind }));
}

function typeCounts(rows: { entity_type: string; n: number }[]): Record<DiffEntityType, number> {
  const out = Object.fromEntries(DIFF_ENTITY_TYPES.map((t) => [t, 0])) as Record<DiffEntityType, number>;
  for (const r of rows) if (r.entity_type in out) out[r.entity_type as DiffEntityType] = r.n;
  return out;
}
