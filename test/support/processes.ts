// Workers as separate OS processes (src/bin/worker.ts), so a test can SIGKILL one mid-run, plus the
// simulator, customer file and store that they share with the test process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { stockholmDate } from '../../src/map/validity.ts';
import { startSimulator, type RunningSimulator, type SimulatorSize } from '../../src/simulator/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { PROJECT_ROOT } from '../../src/temporal/cli-path.ts';
import { IST_RESOURCES, type FetchTiming } from '../../workflows/contract.ts';
import { freshPostgresUrl } from './databases.ts';
import { uniqueTaskQueue, workflowBundle } from './temporal.ts';

/** Short enough that a killed worker's fetch is retried within seconds (CI has 2 cores). */
export const TEST_FETCH_TIMING: FetchTiming = { heartbeatTimeoutSeconds: 3, retryInitialIntervalSeconds: 1 };

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ist-export-test-'));
  tempDirs.push(dir);
  return dir;
}

let bundleFile: Promise<string> | undefined;
/** The workflow bundle, built once per test file and written where worker processes load it. */
export function workflowBundleFile(): Promise<string> {
  bundleFile ??= workflowBundle().then(({ code }) => {
    const file = path.join(tempDir(), 'workflow-bundle.js');
    writeFileSync(file, code);
    return file;
  });
  return bundleFile;
}

export interface WorkerProcess {
  pid: number;
  /** Settles with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** SIGKILL: the process dies on the spot, mid-page, without any cleanup. */
  kill(): Promise<string>;
  /** SIGTERM: a graceful shutdown. */
  stop(): Promise<string>;
  /** Lines the worker wrote on stdout so far (its JSON log lines, `worker ready`). */
  stdoutLines(): string[];
}

/** Start `src/bin/worker.ts` with `env` on top of this process's environment; resolves once it polls. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/worker.ts')], {
    cwd: PROJECT_ROOT,
    // METRICS_PORT 0: parallel worker processes would fight over the default port.
    env: { ...process.env, LOG_LEVEL: 'error', METRICS_PORT: '0', WORKFLOW_BUNDLE: await workflowBundleFile(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(signal ?? String(code));
    });
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 60 s: ${output.slice(-2000)}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${how}) before it was ready: ${output.slice(-2000)}`));
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    return exited;
  };
  return { pid: child.pid!, exited, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM'), stdoutLines: () => stdout.split('\n').filter(Boolean) };
}

export interface CrashFixture {
  simulator: RunningSimulator;
  extensId: string;
  customerId: string;
  taskQueue: string;
  databaseUrl: string;
  /** The test's own view of the store the workers write. */
  store: Store;
  client: Client;
  /** Environment of a worker process for this fixture (Temporal, store, customer file, credentials, queue). */
  workerEnv: Record<string, string>;
  /** Number of simulator log entries so far: a mark to count requests from. */
  mark(): number;
  /** Write a customer file with the customer's fields overridden (e.g. apiBaseUrl of a proxy); returns its path. */
  rewriteCustomers(overrides: Record<string, unknown>): Promise<string>;
}

/**
 * A simulated customer served by an in-process simulator, a customer file naming it with a small
 * page size, a fresh Postgres database shared by test and worker processes, and a Temporal client.
 */
export async function crashFixture(options: { size: SimulatorSize; seed?: number; pageSize: number; temporalAddress: string; chunkPages?: number }): Promise<CrashFixture> {
  const db = await freshPostgresUrl();
  if (!db) throw new Error('TEST_DATABASE_URL is not set: the crash tests share a real PostgreSQL between processes; run them through npm test (or source /tmp/pgenv)');
  const referenceDate = stockholmDate();
  const extensId = `EXT${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const simulator = await startSimulator({
    tenants: [{ customerId: extensId, seed: options.seed ?? 1, size: options.size, clientId: 'crash-client', clientSecret: 'crash-secret', referenceDate }],
  });
  const customerId = `kommun-${extensId.toLowerCase()}`;
  const customer = { id: customerId, name: 'Kraschkommun', extensId, apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, tier: 'silver', clientIdEnv: 'CRASH_IST_ID', clientSecretEnv: 'CRASH_IST_SECRET', pageSize: options.pageSize, requestsPerSecond: 200, requestConcurrency: 6 };
  const writeCustomers = (overrides: Record<string, unknown> = {}) => {
    const file = path.join(tempDir(), 'customers.json');
    writeFileSync(file, JSON.stringify({ customers: [{ ...customer, ...overrides }] }));
    return file;
  };
  const customersFile = writeCustomers();
  const store = await openStore({ databaseUrl: db.url, maxConnections: 2 });
  const connection = await Connection.connect({ address: options.temporalAddress });
  after(async () => {
    await connection.close();
    await store.close();
    await simulator.close();
    await db.dispose();
  });
  const taskQueue = uniqueTaskQueue('crash');
  return {
    simulator,
    extensId,
    customerId,
    taskQueue,
    databaseUrl: db.url,
    store,
    client: new Client({ connection }),
    workerEnv: {
      TEMPORAL_ADDRESS: options.temporalAddress,
      DATABASE_URL: db.url,
      CUSTOMERS_FILE: customersFile,
      TASK_QUEUE: taskQueue,
      CRASH_IST_ID: 'crash-client',
      CRASH_IST_SECRET: 'crash-secret',
      FETCH_CHUNK_PAGES: String(options.chunkPages ?? 20),
      FETCH_CHUNK_SECONDS: '5',
    },
    mark: () => simulator.requestLog.length,
    rewriteCustomers: (overrides) => Promise.resolve(writeCustomers(overrides)),
  };
}

/** Successful list-page requests per resource, as offsets in request order, from log index `from` on. */
export function pageRequests(simulator: RunningSimulator, from = 0, to = simulator.requestLog.length): Map<string, number[]> {
  const out = new Map<string, number[]>(IST_RESOURCES.map((r) => [r, []]));
  for (const entry of simulator.requestLog.slice(from, to)) {
    if (entry.status === 200 && entry.resource && entry.offset !== undefined) out.get(entry.resource)?.push(entry.offset);
  }
  return out;
}

/** Pages requested more than once, per resource (one refetch of the same offset counts one). */
export function repeatedPages(requests: Map<string, number[]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [resource, offsets] of requests) out.set(resource, offsets.length - new Set(offsets).size);
  return out;
}

/** `entity_type/entity_id → content_hash` of a run's snapshot. */
export async function entityHashes(store: Store, runId: string): Promise<Map<string, string>> {
  const rows = await store.db.query<{ entity_type: string; entity_id: string; content_hash: string }>('SELECT entity_type, entity_id, content_hash FROM snapshot_entities WHERE run_id = $1', [runId]);
  return new Map(rows.map((r) => [`${r.entity_type}/${r.entity_id}`, r.content_hash]));
}

/** Staged raw pages left for a run (0 once the run finished). */
export async function stagedPageCount(store: Store, runId: string): Promise<number> {
  const [row] = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staged_pages WHERE run_id = $1', [runId]);
  return row?.n ?? 0;
}

/** Resolve once `predicate` holds, polling every few milliseconds. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
