import type { RetentionSettings } from '../config/retention.ts';
import type { Db } from './db.ts';

// What the nightly maintenance workflow does to the store: drop raw pages no run needs any more, and keep only
// what each customer's retention allows. Every statement names the customer or the run; nothing personal is logged.

/** Store statuses whose Temporal workflow should still be open. */
export const OPEN_RUN_STATUSES = ['running', 'awaiting_approval'] as const;

/** A run the store thinks is open, to be checked against Temporal. */
export interface OpenRun {
  runId: string;
  customerId: string;
  workflowId: string;
}

/** Runs the store holds as running or awaiting approval and that started before `olderThan`. */
export async function openRuns(db: Db, olderThan: Date): Promise<OpenRun[]> {
  const rows = await db.query<{ run_id: string; customer_id: string; workflow_id: string }>(
    `SELECT run_id, customer_id, workflow_id FROM runs WHERE status = ANY($1::text[]) AND started_at < $2 ORDER BY started_at`,
    [OPEN_RUN_STATUSES, olderThan],
  );
  return rows.map((r) => ({ runId: r.run_id, customerId: r.customer_id, workflowId: r.workflow_id }));
}

/**
 * The workflow of an open run closed without closing its record (terminated, timed out, or its record write
 * failed): mark it failed with what Temporal says, so `status` stops showing it as running. Only while the row
 * still says open, so a run that finished meanwhile keeps its real outcome.
 */
export async function closeOrphanedRun(db: Db, runId: string, temporalStatus: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE runs SET status = 'failed', finished_at = now(), failure = $2 WHERE run_id = $1 AND status = ANY($3::text[]) RETURNING 1`,
    [runId, `workflow ended in Temporal as ${temporalStatus} without closing its run (found by maintenance)`, OPEN_RUN_STATUSES],
  );
  return rows.length > 0;
}

/** Drop the raw IST pages of every run that is not open: failed, cancelled, terminated, finished. Returns pages per run. */
export async function sweepStagedPages(db: Db): Promise<{ runs: number; pages: number }> {
  const rows = await db.query<{ run_id: string; n: number }>(
    `WITH gone AS (
       DELETE FROM staged_pages sp USING runs r
       WHERE sp.run_id = r.run_id AND NOT (r.status = ANY($1::text[]))
       RETURNING sp.run_id)
     SELECT run_id, count(*)::int AS n FROM gone GROUP BY run_id`,
    [OPEN_RUN_STATUSES],
  );
  // The gzip file an ISI run received holds the same roster data as staged pages: it goes with them.
  await db.query(`DELETE FROM isi_file_chunks fc USING runs r WHERE fc.run_id = r.run_id AND NOT (r.status = ANY($1::text[]))`, [OPEN_RUN_STATUSES]);
  return { runs: rows.length, pages: rows.reduce((n, r) => n + r.n, 0) };
}

export interface RetentionOutcome {
  customerId: string;
  /** Runs whose snapshot, report, change set and quarantine rows were dropped. */
  runsPruned: number;
  snapshotRows: number;
  issueRows: number;
  changeLogRows: number;
  runRows: number;
}

/**
 * Apply one customer's retention in one transaction:
 * - runs beyond the newest `keepRuns` lose their snapshot, manifest, data-quality findings, change set and quarantine
 *   rows; never an open run (running, awaiting approval) and never the run the current publication points at;
 * - change-log entries published more than `changeLogDays` ago are deleted (the published state is kept whole);
 * - run rows older than `runRecordDays` beyond the newest `keepRuns` go once no change-log entry or publication refers to them.
 */
export async function applyRetention(db: Db, customerId: string, settings: RetentionSettings): Promise<RetentionOutcome> {
  return db.transaction(async (tx) => {
    const pruned = await tx.query<{ run_id: string }>(
      `SELECT run_id FROM (
         SELECT run_id, status, row_number() OVER (ORDER BY started_at DESC, run_id DESC) AS rank FROM runs WHERE customer_id = $1) r
       WHERE rank > $2 AND NOT (status = ANY($3::text[]))
         AND run_id NOT IN (SELECT run_id FROM publications WHERE customer_id = $1)`,
      [customerId, settings.keepRuns, OPEN_RUN_STATUSES],
    );
    const beyond = pruned.map((r) => r.run_id);
    // Those that still hold something: a second maintenance run prunes nothing again.
    const ids = beyond.length
      ? (
          await tx.query<{ run_id: string }>(
            `SELECT run_id FROM runs r WHERE run_id = ANY($1::text[]) AND (
               EXISTS (SELECT 1 FROM snapshot_manifests x WHERE x.run_id = r.run_id) OR EXISTS (SELECT 1 FROM snapshot_entities x WHERE x.run_id = r.run_id)
               OR EXISTS (SELECT 1 FROM run_issues x WHERE x.run_id = r.run_id) OR EXISTS (SELECT 1 FROM run_changes x WHERE x.run_id = r.run_id)
               OR EXISTS (SELECT 1 FROM quarantined_records x WHERE x.run_id = r.run_id) OR EXISTS (SELECT 1 FROM staged_pages x WHERE x.run_id = r.run_id))`,
            [beyond],
          )
        ).map((r) => r.run_id)
      : [];
    const count = async (sql: string, params: unknown[]) => (await tx.query<{ n: number }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`, params))[0]?.n ?? 0;
    const snapshotRows = ids.length ? await count('DELETE FROM snapshot_entities WHERE run_id = ANY($1::text[])', [ids]) : 0;
    const issueRows = ids.length ? await count('DELETE FROM run_issues WHERE run_id = ANY($1::text[])', [ids]) : 0;
    if (ids.length) {
      await tx.query('DELETE FROM snapshot_manifests WHERE run_id = ANY($1::text[])', [ids]);
      await tx.query('DELETE FROM run_changes WHERE run_id = ANY($1::text[])', [ids]);
      await tx.query('DELETE FROM quarantined_records WHERE run_id = ANY($1::text[])', [ids]);
      await tx.query('DELETE FROM staged_pages WHERE run_id = ANY($1::text[])', [ids]);
    }
    const changeLogRows = await count(
      `DELETE FROM change_log cl USING runs r
       WHERE cl.customer_id = $1 AND r.run_id = cl.run_id
         AND coalesce(r.published_at, r.finished_at, r.started_at) < now() - make_interval(days => $2::int)`,
      [customerId, settings.changeLogDays],
    );
    const runRows = beyond.length
      ? await count(
          `DELETE FROM runs r WHERE r.run_id = ANY($1::text[]) AND r.started_at < now() - make_interval(days => $2::int)
             AND NOT EXISTS (SELECT 1 FROM change_log cl WHERE cl.run_id = r.run_id)
             AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.run_id = r.run_id)`,
          [beyond, settings.runRecordDays],
        )
      : 0;
    return { customerId, runsPruned: ids.length, snapshotRows, issueRows, changeLogRows, runRows };
  });
}

/** Every customer the store holds anything of (runs, published state, change log). */
export async function storedCustomers(db: Db): Promise<string[]> {
  const rows = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM runs UNION SELECT customer_id FROM published_entities UNION SELECT customer_id FROM change_log ORDER BY 1',
  );
  return rows.map((r) => r.customer_id);
}

/** What the store holds of one customer, for `status`: run rows, stored snapshots, and bytes across every table. */
export interface CustomerFootprint {
  runs: number;
  snapshots: number;
  /** Sum of row sizes as Postgres stores them (pg_column_size), indexes not included. */
  bytes: number;
}

export async function customerFootprint(db: Db, customerId: string): Promise<CustomerFootprint> {
  const [row] = await db.query<{ runs: number; snapshots: number; bytes: string | number }>(
    `WITH mine AS (SELECT run_id FROM runs WHERE customer_id = $1)
     SELECT (SELECT count(*)::int FROM mine) AS runs,
            (SELECT count(*)::int FROM snapshot_manifests WHERE run_id IN (SELECT run_id FROM mine)) AS snapshots,
            (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM runs t WHERE customer_id = $1)
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM staged_pages t WHERE run_id IN (SELECT run_id FROM mine))
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM quarantined_records t WHERE run_id IN (SELECT run_id FROM mine))
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM snapshot_entities t WHERE run_id IN (SELECT run_id FROM mine))
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM snapshot_manifests t WHERE run_id IN (SELECT run_id FROM mine))
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM run_issues t WHERE run_id IN (SELECT run_id FROM mine))
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM run_changes t WHERE run_id IN (SELECT run_id FROM mine))
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM published_entities t WHERE customer_id = $1)
          + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM change_log t WHERE customer_id = $1) AS bytes`,
    [customerId],
  );
  return { runs: row?.runs ?? 0, snapshots: row?.snapshots ?? 0, bytes: Number(row?.bytes ?? 0) };
}
