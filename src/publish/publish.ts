import type { Db } from '../store/db.ts';
import { PublicationBaseChangedError, RunNotDiffedError } from './errors.ts';

export interface PublishOutcome {
  customerId: string;
  runId: string;
  /** Sequence numbers of this run's changes: firstSeq..lastSeq; none when the run changed nothing. */
  firstSeq: number | null;
  lastSeq: number;
  published: number;
  /** The run was already published (a retried publish): nothing was changed this time. */
  alreadyPublished: boolean;
}

/**
 * Make the run's snapshot and change set current in one transaction, or not at all: append its
 * changes (not the withheld deletions) to the customer's change log with the next sequence numbers,
 * apply them to the published state, move the publication pointer and stamp the run. A second call
 * for the same run finds the stamp and changes nothing.
 */
export async function publishRun(db: Db, customerId: string, runId: string): Promise<PublishOutcome> {
  return db.transaction(async (tx) => {
    // One publisher per customer at a time, across workers and processes.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ist-export/publish/' || $1))`, [customerId]);
    const [run] = await tx.query<{ diffed_at: Date | null; base_seq: string | null; published_at: Date | null; first_seq: string | null; last_seq: string | null }>(
      'SELECT diffed_at, base_seq, published_at, first_seq, last_seq FROM runs WHERE run_id = $1 AND customer_id = $2',
      [runId, customerId],
    );
    if (!run?.diffed_at) throw new RunNotDiffedError(runId);
    const num = (v: string | null) => (v === null ? null : Number(v));
    if (run.published_at) {
      const lastSeq = num(run.last_seq) ?? 0;
      const firstSeq = num(run.first_seq);
      return { customerId, runId, firstSeq, lastSeq, published: firstSeq === null ? 0 : lastSeq - firstSeq + 1, alreadyPublished: true };
    }
    const [pub] = await tx.query<{ last_seq: string }>('SELECT last_seq FROM publications WHERE customer_id = $1', [customerId]);
    const currentSeq = pub ? Number(pub.last_seq) : null;
    const baseSeq = num(run.base_seq);
    if (currentSeq !== baseSeq) throw new PublicationBaseChangedError(customerId, runId, baseSeq, currentSeq);

    const startSeq = currentSeq ?? 0;
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
      `WITH inserted AS (
         INSERT INTO change_log (customer_id, seq, run_id, entity_type, entity_id, kind, content, fields)
         SELECT $1, $3::bigint + row_number() OVER (ORDER BY c.entity_type, c.entity_id), $2, c.entity_type, c.entity_id, c.kind,
                CASE WHEN c.kind = 'deleted' THEN NULL ELSE s.content END, c.fields
         FROM run_changes c
         LEFT JOIN snapshot_entities s ON s.run_id = c.run_id AND s.entity_type = c.entity_type AND s.entity_id = c.entity_id
         WHERE c.run_id = $2 AND NOT c.withheld
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [customerId, runId, startSeq],
    );
    await tx.query(
      `DELETE FROM published_entities p USING run_changes c
       WHERE c.run_id = $2 AND c.kind = 'deleted' AND NOT c.withheld
         AND p.customer_id = $1 AND p.entity_type = c.entity_type AND p.entity_id = c.entity_id`,
      [customerId, runId],
    );
    await tx.query(
      `INSERT INTO published_entities (customer_id, entity_type, entity_id, content, content_hash, run_id)
       SELECT $1, s.entity_type, s.entity_id, s.content, s.content_hash, $2
       FROM run_changes c JOIN snapshot_entities s ON s.run_id = c.run_id AND s.entity_type = c.entity_type AND s.entity_id = c.entity_id
       WHERE c.run_id = $2 AND c.kind <> 'deleted'
       ON CONFLICT (customer_id, entity_type, entity_id)
         DO UPDATE SET content = EXCLUDED.content, content_hash = EXCLUDED.content_hash, run_id = EXCLUDED.run_id`,
      [customerId, runId],
    );
    const lastSeq = startSeq + n;
    await tx.query(
      `INSERT INTO publications (customer_id, run_id, last_seq, published_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (customer_id) DO UPDATE SET run_id = EXCLUDED.run_id, last_seq = EXCLUDED.last_seq, published_at = EXCLUDED.published_at`,
      [customerId, runId, lastSeq],
    );
    const firstSeq = n > 0 ? startSeq + 1 : null;
    await tx.query('UPDATE runs SET published_at = now(), first_seq = $2, last_seq = $3 WHERE run_id = $1', [runId, firstSeq, lastSeq]);
    return { customerId, runId, firstSeq, lastSeq, published: n, alreadyPublished: false };
  });
}
