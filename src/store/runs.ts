import type { ChangeCounts, GuardVerdict } from '../diff/types.ts';
import type { Db } from './db.ts';

export interface RunRow {
  runId: string;
  customerId: string;
  workflowId: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Record<string, number> | null;
  fetched: unknown;
  issueCounts: Record<string, number> | null;
  failure: string | null;
  /** Computed the diff and guards only; never publishes. */
  dryRun: boolean;
  /** The run the diff was taken against (the customer's publication then); null on a first run. */
  baseRunId: string | null;
  /** Created/updated/deleted/withheld per entity type. */
  changeCounts: ChangeCounts | null;
  /** The guard verdict: held or not, and why. */
  guard: GuardVerdict | null;
  /** Who approved or rejected a held run, and why. */
  decision: RunDecision | null;
  diffedAt: Date | null;
  heldAt: Date | null;
  decidedAt: Date | null;
  publishedAt: Date | null;
  /** Change-log sequence numbers this run published (firstSeq null: it published no change). */
  firstSeq: number | null;
  lastSeq: number | null;
}

export interface RunDecision {
  decision: 'approved' | 'rejected';
  by: string;
  reason: string;
}

interface RawRun {
  run_id: string;
  customer_id: string;
  workflow_id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, number> | null;
  fetched: unknown;
  issue_counts: Record<string, number> | null;
  failure: string | null;
  dry_run: boolean | null;
  base_run_id: string | null;
  change_counts: ChangeCounts | null;
  guard: GuardVerdict | null;
  decision: RunDecision | null;
  diffed_at: Date | null;
  held_at: Date | null;
  decided_at: Date | null;
  published_at: Date | null;
  first_seq: string | number | null;
  last_seq: string | number | null;
}

const seq = (v: string | number | null): number | null => (v === null || v === undefined ? null : Number(v));

const toRun = (r: RawRun): RunRow => ({
  runId: r.run_id,
  customerId: r.customer_id,
  workflowId: r.workflow_id,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  counts: r.counts,
  fetched: r.fetched,
  issueCounts: r.issue_counts,
  failure: r.failure,
  dryRun: r.dry_run ?? false,
  baseRunId: r.base_run_id ?? null,
  changeCounts: r.change_counts ?? null,
  guard: r.guard ?? null,
  decision: r.decision ?? null,
  diffedAt: r.diffed_at ?? null,
  heldAt: r.held_at ?? null,
  decidedAt: r.decided_at ?? null,
  publishedAt: r.published_at ?? null,
  firstSeq: seq(r.first_seq),
  lastSeq: seq(r.last_seq),
});

/** The record of every run: what ran, when, and how it ended. */
export class Runs {
  constructor(private readonly db: Db) {}

  /** Idempotent: a retried start of the same run finds its row. */
  async begin(runId: string, customerId: string, workflowId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO runs (run_id, customer_id, workflow_id, status) VALUES ($1, $2, $3, 'running') ON CONFLICT (run_id) DO NOTHING`,
      [runId, customerId, workflowId],
    );
  }

  /**
   * Close the run's record. Given `customerId` and `workflowId`, a missing row is created first: a run
   * that failed before beginRun wrote it (e.g. its customer is not in the worker's file) still leaves one.
   */
  async finish(runId: string, outcome: { status: string; counts?: unknown; fetched?: unknown; issueCounts?: unknown; failure?: string; customerId?: string; workflowId?: string }): Promise<void> {
    if (outcome.customerId !== undefined && outcome.workflowId !== undefined) await this.begin(runId, outcome.customerId, outcome.workflowId);
    await this.db.query(
      `UPDATE runs SET status = $2, finished_at = now(), counts = coalesce($3::jsonb, counts), fetched = coalesce($4::jsonb, fetched),
         issue_counts = coalesce($5::jsonb, issue_counts), failure = $6 WHERE run_id = $1`,
      [runId, outcome.status, json(outcome.counts), json(outcome.fetched), json(outcome.issueCounts), outcome.failure ?? null],
    );
  }

  /** The run's entity and data-quality counts, once its snapshot is stored (so a held run shows them). */
  async recordSnapshot(runId: string, snapshot: { counts: unknown; issueCounts: unknown }): Promise<void> {
    await this.db.query('UPDATE runs SET counts = $2::jsonb, issue_counts = $3::jsonb WHERE run_id = $1', [runId, json(snapshot.counts), json(snapshot.issueCounts)]);
  }

  /** The run's change counts and guard verdict, once its diff is computed. */
  async recordDiff(runId: string, diff: { dryRun: boolean; changeCounts: ChangeCounts; guard: GuardVerdict }): Promise<void> {
    await this.db.query('UPDATE runs SET dry_run = $2, change_counts = $3::jsonb, guard = $4::jsonb WHERE run_id = $1', [runId, diff.dryRun, json(diff.changeCounts), json(diff.guard)]);
  }

  /** The run waits for approval (IstRunStatus awaiting_approval). */
  async hold(runId: string): Promise<void> {
    await this.db.query(`UPDATE runs SET status = 'awaiting_approval', held_at = coalesce(held_at, now()) WHERE run_id = $1`, [runId]);
  }

  /**
   * Close a run Temporal says is over while its row still says running or held (terminated, timed out:
   * no workflow code ran to record it). Only an open row changes, so a run that did record its end keeps it.
   */
  async closeOpen(runId: string, outcome: { status: string; failure: string }): Promise<boolean> {
    const rows = await this.db.query<{ run_id: string }>(
      `UPDATE runs SET status = $2, failure = $3, finished_at = coalesce(finished_at, now()) WHERE run_id = $1 AND status IN ('running', 'awaiting_approval') RETURNING run_id`,
      [runId, outcome.status, outcome.failure],
    );
    return rows.length > 0;
  }

  async decide(runId: string, decision: RunDecision): Promise<void> {
    await this.db.query('UPDATE runs SET decision = $2::jsonb, decided_at = now() WHERE run_id = $1', [runId, json(decision)]);
  }

  /** Runs of one status, newest first (e.g. every run awaiting approval). */
  async withStatus(status: string, limit = 100): Promise<RunRow[]> {
    const rows = await this.db.query<RawRun>('SELECT * FROM runs WHERE status = $1 ORDER BY started_at DESC LIMIT $2', [status, limit]);
    return rows.map(toRun);
  }

  async get(runId: string): Promise<RunRow | undefined> {
    const [row] = await this.db.query<RawRun>('SELECT * FROM runs WHERE run_id = $1', [runId]);
    return row && toRun(row);
  }

  async latest(customerId: string, limit = 10): Promise<RunRow[]> {
    const rows = await this.db.query<RawRun>('SELECT * FROM runs WHERE customer_id = $1 ORDER BY started_at DESC LIMIT $2', [customerId, limit]);
    return rows.map(toRun);
  }
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
