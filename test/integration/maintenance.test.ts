import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Store } from '../../src/store/index.ts';
import { customerFootprint } from '../../src/store/housekeeping.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import type { MaintenanceInput, MaintenanceResult } from '../../workflows/maintenance-contract.ts';
import { testDatabases, withStore } from '../support/databases.ts';
import { exportFixture, type ExportFixture } from '../support/export-fixture.ts';
import { historyJson } from '../support/history.ts';
import { temporalAddress } from '../support/temporal.ts';

// The real store backend when npm test provides one, else PGlite.
const backend = testDatabases().at(-1)!;

async function runMaintenance(fx: ExportFixture, store: Store): Promise<MaintenanceResult> {
  const input: MaintenanceInput = { version: 1, openRunGraceMinutes: 0 };
  const workflowId = `maintenance-test-${fx.customerId}-${Date.now()}`;
  const result = await fx.withWorker(store, () => fx.client.workflow.execute('maintenance', { taskQueue: fx.taskQueue, workflowId, args: [input] }));
  // RECORD_HISTORY=maintenance-v1 writes the replay test's history of this workflow.
  if (process.env.RECORD_HISTORY?.startsWith('maintenance')) {
    writeFileSync(path.join(import.meta.dirname, `../replay/histories/${process.env.RECORD_HISTORY}.json`), historyJson(await temporalAddress(), workflowId));
  }
  return result;
}

const count = async (store: Store, sql: string, params: unknown[]) => (await store.db.query<{ n: number }>(sql, params))[0]!.n;

describe(`maintenance workflow on a real Temporal server, store on ${backend.name}`, () => {
  it('when a run was terminated mid-fetch, then maintenance marks it failed from Temporal status and sweeps its staged pages, and those of a failed run', async () => {
    // One request a second, ten records a page: the fetch is still going when the test terminates the run.
    const fx = await exportFixture({ size: 'tiny', seed: 7 }, { customer: { pageSize: 10, requestsPerSecond: 1 } });
    await withStore(backend, async (store) => {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
      const runId = handle.firstExecutionRunId;
      await fx.withWorker(store, async () => {
        const deadline = Date.now() + 60_000;
        while ((await count(store, 'SELECT count(*)::int AS n FROM staged_pages WHERE run_id = $1', [runId])) < 2) {
          if (Date.now() > deadline) throw new Error('no pages staged');
          await new Promise((r) => setTimeout(r, 200));
        }
        await handle.terminate('test: terminated mid-fetch');
      });
      // Terminated: no workflow code ran, so the run's own clean-up did not.
      assert.equal((await store.runs.get(runId))?.status, 'running');
      assert.ok((await count(store, 'SELECT count(*)::int AS n FROM staged_pages WHERE run_id = $1', [runId])) >= 2);

      // A failed run whose pages were written after its clean-up (issue 11's late sibling fetch).
      await store.runs.begin('late-run', fx.customerId, 'ist-export/late');
      await store.runs.finish('late-run', { status: 'failed', failure: 'test' });
      await store.staging.putPage('late-run', 'persons', 1, [{ id: 'p1', givenName: 'Ada' }], null, []);

      const result = await runMaintenance(fx, store);
      assert.equal(result.sweep.orphanedRuns, 1);
      assert.ok(result.sweep.sweptPages >= 3, `swept ${result.sweep.sweptPages}`);
      const run = await store.runs.get(runId);
      assert.equal(run?.status, 'failed');
      assert.match(run?.failure ?? '', /TERMINATED/);
      assert.equal(await count(store, 'SELECT count(*)::int AS n FROM staged_pages', []), 0, 'no staged page is left');

      const again = await runMaintenance(fx, store);
      assert.deepEqual([again.sweep.orphanedRuns, again.sweep.sweptPages], [0, 0], 'a second maintenance run finds nothing');
    });
  });

  it('when a customer keeps 1 run and 5 days of change log, then maintenance leaves exactly the newest snapshot, report and recent changes, and the published state whole', async () => {
    const fx = await exportFixture({ size: 'tiny', seed: 8 }, { customer: { retention: { keepRuns: 1, changeLogDays: 5 } } });
    await withStore(backend, async (store) => {
      const first = await fx.withWorker(store, async () => (await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue })).result());
      // A few renamed persons: the second run publishes updates.
      let renamed = 0;
      fx.simulator.mutate(fx.extensId, [{ transform: (resource, record) => (resource === 'persons' && renamed++ < 3 ? { ...record, givenName: 'Omdöpt' } : record) }]);
      const second = await fx.withWorker(store, async () => (await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue })).result());
      // The first run's changes were published 10 days ago; the second run's are recent.
      await store.db.query(`UPDATE runs SET started_at = now() - interval '10 days', published_at = now() - interval '10 days' WHERE run_id = $1`, [first.runId]);
      const published = await count(store, 'SELECT count(*)::int AS n FROM published_entities WHERE customer_id = $1', [fx.customerId]);
      const secondChanges = await count(store, 'SELECT count(*)::int AS n FROM change_log WHERE run_id = $1', [second.runId]);
      assert.ok(secondChanges > 0, 'the second run published changes');
      const before = await customerFootprint(store.db, fx.customerId);
      assert.deepEqual([before.runs, before.snapshots], [2, 2]);

      const result = await runMaintenance(fx, store);
      const mine = result.retention.customers.find((c) => c.customerId === fx.customerId);
      assert.equal(mine?.runsPruned, 1);

      const perRun = async (table: string) =>
        (await store.db.query<{ run_id: string }>(`SELECT DISTINCT run_id FROM ${table} WHERE run_id IN (SELECT run_id FROM runs WHERE customer_id = $1)`, [fx.customerId])).map((r) => r.run_id);
      assert.deepEqual(await perRun('snapshot_entities'), [second.runId]);
      assert.deepEqual(await perRun('snapshot_manifests'), [second.runId]);
      assert.deepEqual(await perRun('run_issues'), second.issues.errors + second.issues.warnings > 0 ? [second.runId] : []);
      assert.deepEqual(await perRun('run_changes'), secondChanges > 0 ? [second.runId] : []);
      assert.equal(await count(store, 'SELECT count(*)::int AS n FROM change_log WHERE customer_id = $1 AND run_id = $2', [fx.customerId, first.runId]), 0, 'old changes are gone');
      assert.equal(await count(store, 'SELECT count(*)::int AS n FROM change_log WHERE customer_id = $1', [fx.customerId]), secondChanges, 'recent changes stay');
      assert.equal(await count(store, 'SELECT count(*)::int AS n FROM published_entities WHERE customer_id = $1', [fx.customerId]), published, 'the published state is whole');
      assert.equal(await count(store, 'SELECT count(*)::int AS n FROM runs WHERE customer_id = $1', [fx.customerId]), 2, 'run rows (counts only) stay within runRecordDays');

      const after = await customerFootprint(store.db, fx.customerId);
      assert.deepEqual([after.runs, after.snapshots], [2, 1]);
      assert.ok(after.bytes < before.bytes, `bytes ${before.bytes} → ${after.bytes}`);
      const again = await runMaintenance(fx, store);
      assert.equal(again.retention.customers.find((c) => c.customerId === fx.customerId)?.runsPruned, 0);
    });
  });
});
