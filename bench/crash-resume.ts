// Benchmark: one large simulated customer exported twice on worker processes, once undisturbed and once
// with its worker SIGKILLed mid-fetch and a new one started. Prints pages fetched vs pages in the
// tenant, wall times, and the workflow history's event count and size.
//   node --import tsx bench/crash-resume.ts --size l [--page-size 500] [--rps 5] [--kill-at 0.5] [--heartbeat 30]
// Needs DATABASE_URL or TEST_DATABASE_URL (eval "$(bash scripts/ensure-postgres.sh)"); a fresh database
// is created. Starts its own Temporal dev server unless TEMPORAL_ADDRESS is set.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { stockholmDate } from '../src/map/validity.ts';
import { startSimulator, type RunningSimulator, type SimulatorSize } from '../src/simulator/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { startExport } from '../src/temporal/start-export.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';
import { killBenchWorkers, runBench, startBenchWorker } from './support/worker-process.ts';

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: 'l' },
    seed: { type: 'string', default: '1' },
    'page-size': { type: 'string', default: '500' },
    rps: { type: 'string', default: '5' },
    'kill-at': { type: 'string', default: '0.5' },
    heartbeat: { type: 'string', default: '30' },
  },
});

const dir = mkdtempSync(path.join(tmpdir(), 'ist-bench-crash-'));

function pagesServed(sim: RunningSimulator, from: number): { total: number; distinct: number } {
  const seen = new Set<string>();
  let total = 0;
  for (const e of sim.requestLog.slice(from)) {
    if (e.status !== 200 || !e.resource || e.offset === undefined) continue;
    total++;
    seen.add(`${e.resource}@${e.offset}`);
  }
  return { total, distinct: seen.size };
}

async function hashes(store: Store, runId: string): Promise<string> {
  const rows = await store.db.query<{ k: string }>("SELECT string_agg(entity_type || '/' || entity_id || '=' || content_hash, ',' ORDER BY entity_type, entity_id) AS k FROM snapshot_entities WHERE run_id = $1", [runId]);
  return rows[0]?.k ?? '';
}

async function historyFigures(handle: WorkflowHandle): Promise<{ events: number; bytes: number }> {
  const d = await handle.describe();
  return { events: d.historyLength, bytes: d.historySize ?? 0 };
}

async function main(): Promise<void> {
  const size = flags.size as SimulatorSize;
  const db = await freshPostgresUrl();
  if (!db) throw new Error('set DATABASE_URL or TEST_DATABASE_URL (eval "$(bash scripts/ensure-postgres.sh)")');
  const server = process.env.TEMPORAL_ADDRESS ? null : await startDevServer();
  const address = process.env.TEMPORAL_ADDRESS ?? server!.address;
  const extensId = `BENCH${size.toUpperCase()}`;
  const sim = await startSimulator({ tenants: [{ customerId: extensId, seed: Number(flags.seed), size, clientId: 'bench', clientSecret: 'bench-secret', referenceDate: stockholmDate() }] });
  const customersFile = path.join(dir, 'customers.json');
  const customer = { id: 'bench-kommun', name: 'Benchkommun', extensId, apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl, tier: 'silver', clientIdEnv: 'BENCH_ID', clientSecretEnv: 'BENCH_SECRET', pageSize: Number(flags['page-size']), requestsPerSecond: Number(flags.rps) };
  writeFileSync(customersFile, JSON.stringify({ customers: [customer] }));
  const workerEnv = { TEMPORAL_ADDRESS: address, DATABASE_URL: db.url, CUSTOMERS_FILE: customersFile, TASK_QUEUE: `bench-crash-${process.pid}`, BENCH_ID: 'bench', BENCH_SECRET: 'bench-secret' };
  const fetchTiming = { heartbeatTimeoutSeconds: Number(flags.heartbeat) };
  const store = await openStore({ databaseUrl: db.url, maxConnections: 2 });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  try {
    console.log(`tenant ${size} (seed ${flags.seed}), page size ${customer.pageSize}, ${customer.requestsPerSecond} requests/s per customer, heartbeat timeout ${fetchTiming.heartbeatTimeoutSeconds} s`);

    // 1. Undisturbed.
    let worker = await startBenchWorker(workerEnv);
    let from = sim.requestLog.length;
    let started = Date.now();
    const calm = await startExport(client, customer.id, { taskQueue: workerEnv.TASK_QUEUE, fetchTiming });
    const calmResult = await calm.result();
    const calmMs = Date.now() - started;
    const calmPages = pagesServed(sim, from);
    const calmHistory = await historyFigures(calm);
    await worker.stop();

    // 2. SIGKILL once mid-fetch, a new worker at once.
    worker = await startBenchWorker(workerEnv);
    from = sim.requestLog.length;
    started = Date.now();
    const hit = await startExport(client, customer.id, { taskQueue: workerEnv.TASK_QUEUE, fetchTiming });
    const killAfter = Math.floor(calmPages.total * Number(flags['kill-at']));
    while (pagesServed(sim, from).total < killAfter) await new Promise((r) => setTimeout(r, 10));
    worker.kill();
    const killedAtMs = Date.now() - started;
    worker = await startBenchWorker(workerEnv);
    const hitResult = await hit.result();
    const hitMs = Date.now() - started;
    const hitPages = pagesServed(sim, from);
    const hitHistory = await historyFigures(hit);
    await worker.stop();

    const same = (await hashes(store, calmResult.runId)) === (await hashes(store, hitResult.runId));
    const tenantPages = calmResult.fetched.reduce((n, f) => n + f.pages, 0);
    const records = calmResult.fetched.reduce((n, f) => n + f.records, 0);
    console.log(`tenant: ${tenantPages} pages, ${records} records (${calmResult.fetched.map((f) => `${f.resource} ${f.pages}`).join(', ')})`);
    console.table({
      undisturbed: { 'wall s': +(calmMs / 1000).toFixed(1), 'pages fetched': calmPages.total, 'pages again': calmPages.total - calmPages.distinct, 'history events': calmHistory.events, 'history bytes': calmHistory.bytes },
      'killed once': { 'wall s': +(hitMs / 1000).toFixed(1), 'pages fetched': hitPages.total, 'pages again': hitPages.total - hitPages.distinct, 'history events': hitHistory.events, 'history bytes': hitHistory.bytes },
    });
    console.log(`killed after ${killAfter} pages (${(killedAtMs / 1000).toFixed(1)} s in); extra wall time ${((hitMs - calmMs) / 1000).toFixed(1)} s; snapshots identical: ${same}`);
    if (!same || hitPages.distinct !== tenantPages) process.exitCode = 1;
  } finally {
    killBenchWorkers();
    await connection.close();
    await store.close();
    await sim.close();
    await server?.stop();
    await db.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
