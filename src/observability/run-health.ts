import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../store/db.ts';

/**
 * Per-customer run health read from the store at scrape time, so every worker reports the same truth however many
 * workers share the runs (a counter in one process cannot say "no success for 48 h"). The alert rules in
 * deploy/prometheus/alerts.yml are built on these. One small grouped query per scrape, over the last 30 days;
 * customers of the customer file without a run there show 0, so "never succeeded" alerts too.
 */
export function registerRunHealthGauges(registry: Registry, db: Db, customerIds: () => readonly string[]): void {
  // prom-client collects all metrics of a scrape concurrently: the four gauges share one store read.
  let pending: Promise<void> | undefined;
  const refresh = () =>
    (pending ??= load().finally(() => {
      pending = undefined;
    }));
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['customer'], registers: [registry], collect: refresh });
  const lastSuccess = gauge('ist_export_customer_last_success_timestamp_seconds', "Unix time the customer's last successful run finished (0: none in 30 days)");
  const failedInRow = gauge('ist_export_customer_consecutive_failed_runs', 'Failed runs of the customer since its last run that did not fail');
  const held = gauge('ist_export_customer_held_runs', 'Runs of the customer awaiting approval');
  const heldAge = gauge('ist_export_customer_oldest_held_run_age_seconds', "Age of the customer's oldest run awaiting approval, since it was held (0: none)");

  async function load(): Promise<void> {
    const rows = await readRunHealth(db);
    const byCustomer = new Map(rows.map((r) => [r.customer_id, r]));
    for (const g of [lastSuccess, failedInRow, held, heldAge]) g.reset();
    for (const customer of new Set([...customerIds(), ...byCustomer.keys()])) {
      const row = byCustomer.get(customer);
      lastSuccess.set({ customer }, row?.last_success ?? 0);
      failedInRow.set({ customer }, row?.failed_in_row ?? 0);
      held.set({ customer }, row?.held ?? 0);
      heldAge.set({ customer }, row?.held_age ?? 0);
    }
  }
}

interface RunHealthRow {
  customer_id: string;
  last_success: number | null;
  failed_in_row: number;
  held: number;
  held_age: number | null;
}

export async function readRunHealth(db: Db): Promise<RunHealthRow[]> {
  return db.query<RunHealthRow>(`
    WITH recent AS (SELECT * FROM runs WHERE started_at > now() - interval '30 days'),
    last_not_failed AS (SELECT customer_id, max(finished_at) AS at FROM recent WHERE finished_at IS NOT NULL AND status <> 'failed' GROUP BY customer_id)
    SELECT r.customer_id,
      extract(epoch FROM max(r.finished_at) FILTER (WHERE r.status IN ('succeeded', 'succeeded_with_warnings', 'approved')))::float8 AS last_success,
      (count(*) FILTER (WHERE r.status = 'failed' AND r.finished_at > coalesce(l.at, '-infinity')))::int AS failed_in_row,
      (count(*) FILTER (WHERE r.status = 'awaiting_approval'))::int AS held,
      extract(epoch FROM now() - min(r.held_at) FILTER (WHERE r.status = 'awaiting_approval'))::float8 AS held_age
    FROM recent r LEFT JOIN last_not_failed l USING (customer_id)
    GROUP BY r.customer_id`);
}
