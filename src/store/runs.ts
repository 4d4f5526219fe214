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
}

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

  async finish(runId: string, outcome: { status: string; counts?: unknown; fetched?: unknown; issueCounts?: unknown; failure?: string }): Promise<void> {
    await this.db.query(
      `UPDATE runs SET status = $2, finished_at = now(), counts = coalesce($3::jsonb, counts), fetched = coalesce($4::jsonb, fetched),
         issue_counts = coalesce($5::jsonb, issue_counts), failure = $6 WHERE run_id = $1`,
      [runId, outcome.status, json(outcome.counts), json(outcome.fetched), json(outcome.issueCounts), outcome.failure ?? null],
    );
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
