// Export speed and memory against the fetch floor (issue 14). For each size: start the simulator, read
// every list with a bare HTTP client (same pages, same page size, same concurrency, no validation, no
// store: the *fetch floor*, the faster of a read before and one after the exports), then run the real export through a real worker process (prebuilt workflow
// bundle, real Temporal, real Postgres) twice (first run, unchanged re-run) and print the ratios, the
// phase split from the workflow history and the worker's peak RSS. Optional: many customers through one
// worker (--many N small tenants at once, --mix N xl tenants at once).
//   npm run bench:export -- --size xl            (needs DATABASE_URL or TEST_DATABASE_URL: a real Postgres)
//   npm run bench:export -- --size medium,l,xl --many 300 --mix 4 [--worker-heap-mb 384]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { Agent, request } from 'undici';
import { stockholmDate } from '../src/map/validity.ts';
import { startSimulator, type RunningSimulator, type SimulatorSize } from '../src/simulator/index.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { startExport } from '../src/temporal/start-export.ts';
import { writeWorkflowBundle } from '../src/temporal/workflow-bundle.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';
import { IST_RESOURCES } from '../workflows/contract.ts';
import { killBenchWorkers, runBench, startBenchWorker } from './support/worker-process.ts';

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: 'xl' },
    seed: { type: 'string', default: '1' },
    'page-size': { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    many: { type: 'string', default: '0' },
    mix: { type: 'string', default: '0' },
    /** Cap the worker's V8 old space (MB), as `node --max-old-space-size`: 256 as docker-compose.yml runs it; 0 = Node's default. */
    'worker-heap-mb': { type: 'string', default: '256' },
  },
});
const PAGE_SIZE = Number(flags['page-size']);
const CONCURRENCY = Number(flags.concurrency);
const SECRET = { id: 'bench', secret: 'bench-secret' };
const dir = mkdtempSync(path.join(tmpdir(), 'ist-bench-export-'));

interface Customer { id: string; extensId: string }

/** The worker as production runs it (the prebuilt bundle, the heap cap) plus BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
function startWorker(env: Record<string, string>) {
  const heap = Number(flags['worker-heap-mb']) > 0 ? [`--max-old-space-size=${flags['worker-heap-mb']}`] : [];
  return startBenchWorker(env, [...heap, ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean)]);
}

/** The fetch floor: the same pages with the same concurrency, read and parsed (for the next token), nothing else. */
async function fetchFloor(sim: RunningSimulator, extensId: string): Promise<{ ms: number; pages: number; records: number }> {
  const dispatcher = new Agent({ connections: CONCURRENCY });
  const tokenRes = await request(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SECRET.id, client_secret: SECRET.secret }).toString(), dispatcher });
  const token = ((await tokenRes.body.json()) as { access_token: string }).access_token;
  let pages = 0;
  let records = 0;
  const t0 = performance.now();
  await Promise.all(
    IST_RESOURCES.map(async (resource) => {
      let pageToken: string | undefined;
      do {
        const url = new URL(`${sim.apiBaseUrl}/source/${extensId}/v2.0/${resource}`);
        url.searchParams.set('limit', String(PAGE_SIZE));
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const res = await request(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, dispatcher });
        const body = JSON.parse(await res.body.text()) as { data: unknown[]; pageToken?: string };
        pages++;
        records += body.data.length;
        pageToken = body.pageToken;
      } while (pageToken);
    }),
  );
  const ms = performance.now() - t0;
  await dispatcher.close();
  return { ms, pages, records };
}

const ms = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number => (ts ? Number(String(ts.seconds ?? 0)) * 1000 + (ts.nanos ?? 0) / 1e6 : 0);

/** Wall time of the run and of its phases, from the workflow history's event times. */
async function phases(handle: WorkflowHandle): Promise<{ total: number; fetch: number; map: number; rest: number; at: { fetch: [number, number]; map: [number, number]; rest: [number, number] } }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const names = new Map<string, string>();
  const spans = new Map<string, { from: number; to: number }>();
  for (const e of events) {
    const at = ms(e.eventTime);
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const name = scheduled.activityType?.name ?? '?';
      names.set(String(e.eventId), name);
      const s = spans.get(name);
      spans.set(name, { from: Math.min(s?.from ?? at, at), to: s?.to ?? at });
    }
    const done = e.activityTaskCompletedEventAttributes;
    if (done) {
      const name = names.get(String(done.scheduledEventId)) ?? '?';
      const s = spans.get(name)!;
      s.to = Math.max(s.to, at);
    }
  }
  const start = ms(events[0]?.eventTime);
  const end = ms(events.at(-1)?.eventTime);
  const fetch = spans.get('fetchResourceChunk') ?? { from: start, to: start };
  const map = spans.get('buildSnapshot') ?? { from: fetch.to, to: fetch.to };
  return { total: end - start, fetch: fetch.to - fetch.from, map: map.to - map.from, rest: end - map.to, at: { fetch: [fetch.from, fetch.to], map: [map.from, map.to], rest: [map.to, end] } };
}

function customersFile(sim: RunningSimulator, customers: Customer[]): string {
  const file = path.join(dir, `customers-${Date.now()}.json`);
  const list = customers.map((c) => ({ id: c.id, name: c.id, extensId: c.extensId, apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl, tier: 'silver', clientIdEnv: 'BENCH_ID', clientSecretEnv: 'BENCH_SECRET', pageSize: PAGE_SIZE, requestConcurrency: CONCURRENCY, requestsPerSecond: 1000 }));
  writeFileSync(file, JSON.stringify({ customers: list }));
  return file;
}

const s1 = (x: number) => `${(x / 1000).toFixed(1)} s`;
const r2 = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  const db = await freshPostgresUrl();
  if (!db) throw new Error('set TEST_DATABASE_URL (a Postgres admin URL; eval "$(bash scripts/ensure-postgres.sh)")');
  const server = process.env.TEMPORAL_ADDRESS ? null : await startDevServer();
  const address = process.env.TEMPORAL_ADDRESS ?? server!.address;
  const bundle = path.join(dir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundle);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const baseEnv = { TEMPORAL_ADDRESS: address, DATABASE_URL: db.url, WORKFLOW_BUNDLE: bundle, BENCH_ID: SECRET.id, BENCH_SECRET: SECRET.secret };
  let queue = 0;
  const runDate = stockholmDate();
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; page size ${PAGE_SIZE}, ${CONCURRENCY} requests in flight per customer, no rate limit${flags['worker-heap-mb'] ? `; worker old space ${flags['worker-heap-mb']} MB` : ''}`);
  const peaks: Record<string, number> = {};
  try {
    for (const size of flags.size.split(',').filter(Boolean) as SimulatorSize[]) {
      const c: Customer = { id: `bench-${size}`, extensId: `BENCH${size.toUpperCase()}` };
      const sim = await startSimulator({ tenants: [{ customerId: c.extensId, seed: Number(flags.seed), size, clientId: SECRET.id, clientSecret: SECRET.secret, referenceDate: runDate }] });
      try {
        const floor = await fetchFloor(sim, c.extensId);
        const taskQueue = `bench-export-${process.pid}-${queue++}`;
        const worker = await startWorker({ ...baseEnv, CUSTOMERS_FILE: customersFile(sim, [c]), TASK_QUEUE: taskQueue });
        const idleMb = worker.rssMb();
        const rows: Record<string, Record<string, string | number>> = {};
        for (const label of ['first run', 'unchanged re-run']) {
          // RSS over time, to tell which phase holds the peak.
          const samples: [number, number][] = [];
          const sampler = setInterval(() => samples.push([Date.now(), worker.rssMb()]), 100);
          const t0 = performance.now();
          const handle = await startExport(client, c.id, { taskQueue });
          const result = await handle.result();
          const wall = performance.now() - t0;
          clearInterval(sampler);
          const p = await phases(handle);
          const peakIn = ([from, to]: [number, number]) => Math.round(Math.max(0, ...samples.filter(([t]) => t >= from && t <= to).map(([, mb]) => mb)));
          rows[label] = {
            status: result.status, 'wall': s1(wall), '÷ floor': r2(wall / floor.ms), 'fetch': s1(p.fetch), 'fetch ÷ floor': r2(p.fetch / floor.ms),
            'map+snapshot': s1(p.map), 'diff+publish': s1(p.rest), 'peak RSS MB': Math.round(worker.peakRssMb()),
            'RSS MB fetch/map/publish': `${peakIn(p.at.fetch)}/${peakIn(p.at.map)}/${peakIn(p.at.rest)}`,
          };
        }
        peaks[size] = worker.peakRssMb();
        await worker.stop();
        // The floor again, after the exports: the faster of the two is the floor (a cold simulator or a
        // busy machine must not flatter the ratios).
        const again = await fetchFloor(sim, c.extensId);
        if (again.ms < floor.ms) {
          for (const row of Object.values(rows)) {
            row['÷ floor'] = r2((Number(row['÷ floor']) * floor.ms) / again.ms);
            row['fetch ÷ floor'] = r2((Number(row['fetch ÷ floor']) * floor.ms) / again.ms);
          }
          floor.ms = again.ms;
        }
        console.log(`\n${size}: ${floor.pages} pages, ${floor.records} records; fetch floor ${s1(floor.ms)}; worker RSS idle ${Math.round(idleMb)} MB`);
        console.table(rows);
      } finally {
        await sim.close();
      }
    }
    if (peaks.l && peaks.xl) console.log(`peak RSS growth l → xl: ${(((peaks.xl - peaks.l) / peaks.l) * 100).toFixed(0)} %`);

    for (const [label, n, size] of [['many small', Number(flags.many), 'small'], ['several xl', Number(flags.mix), 'xl']] as const) {
      if (!n) continue;
      const customers: Customer[] = Array.from({ length: n }, (_, i) => ({ id: `bench-${size}-${i}`, extensId: `BENCH${size.toUpperCase()}${i}` }));
      const sim = await startSimulator({ tenants: customers.map((c, i) => ({ customerId: c.extensId, seed: i + 1, size: size as SimulatorSize, clientId: SECRET.id, clientSecret: SECRET.secret, referenceDate: runDate })) });
      const taskQueue = `bench-export-${process.pid}-${queue++}`;
      const worker = await startWorker({ ...baseEnv, CUSTOMERS_FILE: customersFile(sim, customers), TASK_QUEUE: taskQueue });
      try {
        const t0 = performance.now();
        const handles = await Promise.all(customers.map((c) => startExport(client, c.id, { taskQueue })));
        const outcomes = await Promise.allSettled(handles.map((h) => h.result()));
        const failures = outcomes.filter((o) => o.status === 'rejected').length;
        console.log(`\n${label}: ${n} × ${size} at once through one worker: wall ${s1(performance.now() - t0)}, peak RSS ${Math.round(worker.peakRssMb())} MB, failures ${failures}`);
      } finally {
        await worker.stop();
        await sim.close();
      }
    }
  } finally {
    killBenchWorkers();
    await connection.close();
    await server?.stop();
    await db.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
