// Mapping + snapshot alone (issue 14): stage a simulated tenant in a fresh Postgres database as the fetch
// does, then run the snapshot activity's work (snapshotFromStaging) a few times and print its time,
// split into reading staged pages / mapping / writing, and the process's peak RSS and heap.
//   npx tsx --expose-gc bench/map-snapshot.ts [--size xl] [--times 3]   (TEST_DATABASE_URL: a real Postgres)
import { parseArgs } from 'node:util';
import { snapshotFromStaging } from '../activities/build-snapshot.ts';
import { parseCustomerFile } from '../src/config/customers.ts';
import type { SimulatorSize } from '../src/simulator/types.ts';
import { openStore } from '../src/store/index.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';
import { stageSimulatedTenant } from '../test/support/snapshot-equivalence.ts';

const { values: flags } = parseArgs({ options: { size: { type: 'string', default: 'xl' }, times: { type: 'string', default: '3' }, faults: { type: 'boolean', default: false }, reuse: { type: 'string' } } });
const RUN_DATE = '2026-03-16';
// --reuse URL: a database an earlier run staged and kept (printed below), to measure without staging again.
const db = flags.reuse ? { url: flags.reuse, dispose: async () => {} } : await freshPostgresUrl();
if (!db) throw new Error('set TEST_DATABASE_URL (eval "$(bash scripts/ensure-postgres.sh)")');
const store = await openStore({ databaseUrl: db.url, maxConnections: 5 });
const customer = parseCustomerFile({ customers: [{ id: 'kommun-bench', name: 'Bench', extensId: 'B', tier: 'silver', clientIdEnv: 'X_ID', clientSecretEnv: 'X_SECRET' }] }, 'bench', {}).customers[0]!;
try {
  let t = performance.now();
  if (!flags.reuse) {
    await store.runs.begin('staged', customer.id, 'bench/staged');
    const records = await stageSimulatedTenant(store, 'staged', flags.size as SimulatorSize, RUN_DATE, 1, 500, flags.faults);
    console.log(`staged ${records} records in ${((performance.now() - t) / 1000).toFixed(1)} s (reuse with --reuse ${db.url})`);
  }
  // Time spent in the store's reads and writes, counted by wrapping them (the rest is mapping).
  let readMs = 0;
  let writeMs = 0;
  const records0 = store.staging.records.bind(store.staging);
  store.staging.records = async function* (runId: string, resource: string) {
    const it = records0(runId, resource)[Symbol.asyncIterator]();
    for (;;) {
      const t0 = performance.now();
      const next = await it.next();
      readMs += performance.now() - t0;
      if (next.done) return;
      yield next.value;
    }
  };
  const add0 = store.snapshots.add.bind(store.snapshots);
  let adds = 0;
  store.snapshots.add = async (runId, entities) => {
    // BENCH_HEAP_SNAPSHOT=N: a heap snapshot (after a full GC) at the N-th batch written, to see what the mapping holds.
    if (++adds === Number(process.env.BENCH_HEAP_SNAPSHOT)) {
      global.gc?.();
      console.log(`heap after GC at batch ${adds}: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB; snapshot ${(await import('node:v8')).writeHeapSnapshot()}`);
    }
    const t0 = performance.now();
    await add0(runId, entities);
    writeMs += performance.now() - t0;
  };
  for (let i = 0; i < Number(flags.times); i++) {
    // As a real run finds it: no snapshot of this run yet, and the table vacuumed of earlier rounds.
    await store.db.query("DELETE FROM snapshot_entities WHERE run_id = 'staged'");
    await store.db.exec('VACUUM snapshot_entities');
    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    readMs = writeMs = 0;
    t = performance.now();
    const summary = await snapshotFromStaging(store, customer, 'staged', RUN_DATE, 0, {});
    const total = performance.now() - t;
    clearInterval(timer);
    const mb = (b: number) => (b / 2 ** 20).toFixed(0);
    console.log(
      `map+snapshot ${(total / 1000).toFixed(2)} s (read waits ${(readMs / 1000).toFixed(2)} s, write waits ${(writeMs / 1000).toFixed(2)} s) ` +
        `entities ${Object.values(summary.counts).reduce((a, b) => a + b, 0)}; RSS ${mb(base.rss)} → peak ${mb(peakRss)} MB, heap ${mb(base.heapUsed)} → peak ${mb(peakHeap)} MB`,
    );
  }
} finally {
  await store.close();
  if (!process.env.BENCH_KEEP_DB) await db.dispose();
}
