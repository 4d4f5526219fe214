// The run-health gauges the alert rules stand on, read from a real store: consecutive failures, last success,
// held runs and their age, and customers of the file that never ran.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { registerRunHealthGauges } from '../../src/observability/run-health.ts';
import type { Store } from '../../src/store/index.ts';
import { testDatabases, withStore } from '../support/databases.ts';
import { parsePrometheusText, sum } from '../support/prometheus.ts';

const HOUR = 3600;

/** A run of `customer` that started `hoursAgo` and ended (or was held) an hour later with `status`. */
async function run(store: Store, customer: string, hoursAgo: number, status: string): Promise<void> {
  const runId = `${customer}-${hoursAgo}`;
  await store.runs.begin(runId, customer, `ist-export/${customer}/${hoursAgo}`);
  const at = `now() - interval '${hoursAgo - 1} hours'`;
  await store.db.query(
    `UPDATE runs SET status = $2, started_at = now() - interval '${hoursAgo} hours',
       finished_at = CASE WHEN $2 = 'awaiting_approval' THEN NULL ELSE ${at} END,
       held_at = CASE WHEN $2 = 'awaiting_approval' THEN ${at} END WHERE run_id = $1`,
    [runId, status],
  );
}

for (const backend of testDatabases()) {
  describe(`run-health gauges (${backend.name})`, () => {
    it('when runs failed, succeeded or wait for approval, then the gauges say failures in a row, last success, held runs and their age per customer', async () => {
      await withStore(backend, async (store) => {
        await run(store, 'a', 72, 'succeeded');
        await run(store, 'a', 48, 'failed');
        await run(store, 'a', 24, 'failed');
        await run(store, 'b', 72, 'failed');
        await run(store, 'b', 48, 'succeeded_with_warnings');
        await run(store, 'b', 24, 'failed');
        await run(store, 'c', 31, 'awaiting_approval');
        await run(store, 'c', 100, 'approved');
        await run(store, 'old', 24 * 40, 'succeeded');
        const registry = new Registry();
        registerRunHealthGauges(registry, store.db, () => ['a', 'b', 'c', 'never']);
        const now = Date.now() / 1000;
        const samples = parsePrometheusText(await registry.metrics());
        const gauge = (name: string, customer: string) => sum(samples, `ist_export_customer_${name}`, { customer });

        assert.equal(gauge('consecutive_failed_runs', 'a'), 2);
        assert.equal(gauge('consecutive_failed_runs', 'b'), 1);
        assert.equal(gauge('consecutive_failed_runs', 'c'), 0);
        assert.ok(Math.abs(gauge('last_success_timestamp_seconds', 'a') - (now - 71 * HOUR)) < 60, 'a: the succeeded run 71 h ago');
        assert.ok(Math.abs(gauge('last_success_timestamp_seconds', 'b') - (now - 47 * HOUR)) < 60, 'b: succeeded with warnings counts');
        assert.ok(Math.abs(gauge('last_success_timestamp_seconds', 'c') - (now - 99 * HOUR)) < 60, 'c: an approved run counts');
        assert.equal(gauge('held_runs', 'c'), 1);
        assert.ok(Math.abs(gauge('oldest_held_run_age_seconds', 'c') - 30 * HOUR) < 60, 'c: held 30 h ago');
        assert.equal(gauge('held_runs', 'a'), 0);
        for (const name of ['last_success_timestamp_seconds', 'consecutive_failed_runs', 'held_runs', 'oldest_held_run_age_seconds']) {
          assert.ok(samples.some((s) => s.name === `ist_export_customer_${name}` && s.labels.customer === 'never'), `${name}: a customer without runs shows`);
        }
        assert.equal(gauge('last_success_timestamp_seconds', 'never'), 0);
        assert.ok(!samples.some((s) => s.labels.customer === 'old'), 'runs older than 30 days are not read');
      });
    });
  });
}
