// Benchmark: diff + publish time and peak memory on real Postgres for large simulated tenants, with
// 0 % and 5 % of entities changed. Snapshots are built directly (simulator records → mapping → store),
// without Temporal: what is measured is the set-based diff and the atomic publish.
//   npx tsx bench/diff-publish.ts [l] [xl]     (DATABASE_URL or TEST_DATABASE_URL; a fresh database is created)
import { randomUUID } from 'node:crypto';
import { computeRunDiff, withholdDeletions } from '../src/diff/compute.ts';
import { evaluateGuards } from '../src/diff/guards.ts';
import { resolveThresholds } from '../src/diff/thresholds.ts';
import { DEFAULT_EMAIL_PREFERENCE } from '../src/map/email.ts';
import { mapCustomer, type IstRecords, type MapOptions } from '../src/map/index.ts';
import { publishRun } from '../src/publish/publish.ts';
import { RESOURCES, type ResourceName } from '../src/simulator/resources.ts';
import { buildTenant } from '../src/simulator/tenant-plan.ts';
import type { SimulatorSize } from '../src/simulator/types.ts';
import { openStore, type Store } from '../src/store/index.ts';
import type { StoredEntity } from '../src/store/snapshots.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';

const RUN_DATE = '2026-03-16';
const LISTS: ResourceName[] = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'];

function entitiesOf(size: SimulatorSize): StoredEntity[] {
  const tenant = buildTenant({ customerId: `BENCH${size}`, seed: 1, size, clientId: 'x', clientSecret: 'x', referenceDate: RUN_DATE });
  const records = {} as Record<ResourceName, unknown[]>;
  for (const list of LISTS) {
    const def = RESOURCES[list];
    const n = def.count(tenant);
    records[list] = Array.from({ length: n }, (_, i) => def.render(tenant, i, new Set()));
  }
  const options = { window: { runDate: RUN_DATE, lookAheadDays: 0 }, emailRequired: false, forwardCivicNo: false, emailPreference: DEFAULT_EMAIL_PREFERENCE } as unknown as MapOptions;
  return mapCustomer(records as unknown as IstRecords, options).entities;
}

/** `percent` of the entities changed: 3/5 updated (name), 1/5 deleted, 1/5 new. Deterministic. */
function withChanges(entities: StoredEntity[], percent: number): StoredEntity[] {
  if (percent === 0) return entities;
  const every = Math.round(100 / percent);
  const out: StoredEntity[] = [];
  entities.forEach((e, i) => {
    if (i % every !== 0) return out.push(e);
    const k = (i / every) % 5;
    if (k === 3) return; // deleted
    const content = { ...(e.content as Record<string, unknown>) };
    if ('name' in content) content.name = `${String(content.name)} (ny)`;
    if ('displayName' in content) content.displayName = `${String(content.displayName)} (ny)`;
    out.push({ ...e, content });
    if (k === 4) out.push({ ...e, id: randomUUID(), content: { ...content, id: 'new' } }); // created
  });
  return out;
}

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; peakHeapDeltaMb: number }> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = heap0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const t0 = performance.now();
  try {
    const value = await fn();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    return { value, ms: performance.now() - t0, peakRssMb: peakRss / 2 ** 20, peakHeapDeltaMb: (peakHeap - heap0) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function diffAndPublish(store: Store, customerId: string, runId: string) {
  const diff = await computeRunDiff(store.db, customerId, runId);
  const guard = evaluateGuards({
    firstRun: diff.baseRunId === null, changes: diff.changes, publishedCounts: diff.publishedCounts, snapshotCounts: diff.snapshotCounts,
    resources: [], publishedRecords: {}, thresholds: resolveThresholds(undefined),
  });
  await withholdDeletions(store.db, runId, guard.withheldDeletionTypes);
  const published = await publishRun(store.db, customerId, runId);
  return { diff, guard, published };
}

async function main(): Promise<void> {
  const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['l']) as SimulatorSize[];
  const fresh = process.env.DATABASE_URL ? undefined : await freshPostgresUrl();
  const url = process.env.DATABASE_URL ?? fresh?.url;
  if (!url) throw new Error('set DATABASE_URL or TEST_DATABASE_URL (a real Postgres)');
  const store = await openStore({ databaseUrl: url, maxConnections: 4 });
  try {
    console.log('size  scenario        entities  changes   diff+publish   peak RSS   peak heap Δ   held');
    for (const size of sizes) {
      const customerId = `bench-${size}-${Date.now()}`;
      const base = entitiesOf(size);
      const scenarios: [string, StoredEntity[]][] = [['first run', base], ['0 % changed', base], ['5 % changed', withChanges(base, 5)]];
      for (const [name, entities] of scenarios) {
        const runId = randomUUID();
        await store.runs.begin(runId, customerId, `bench/${runId}`);
        await store.snapshots.write(runId, entities, []);
        const r = await measure(() => diffAndPublish(store, customerId, runId));
        const changes = Object.values(r.value.diff.changes).reduce((n, c) => n + c.created + c.updated + c.deleted, 0);
        console.log(
          `${size.padEnd(5)} ${name.padEnd(14)} ${String(entities.length).padStart(9)} ${String(changes).padStart(8)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(14)} ${`${r.peakRssMb.toFixed(0)} MB`.padStart(10)} ${`${r.peakHeapDeltaMb.toFixed(1)} MB`.padStart(13)}   ${String(r.value.guard.held)}`,
        );
      }
    }
  } finally {
    await store.close();
    await fresh?.dispose();
  }
}

await main();
