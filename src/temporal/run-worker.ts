import { getHeapStatistics } from 'node:v8';
import path from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { z } from 'zod';
import { createActivities } from '../../activities/index.ts';
import { DEFAULT_CHUNK_LIMITS } from '../../activities/fetch-resource.ts';
import { CustomerFileSource } from '../config/customer-source.ts';
import { checkCivicNoKeyFor } from '../map/civic-no-cipher.ts';
import { readEnvironment } from '../config/environment.ts';
import { observeActivities } from '../observability/activity-interceptor.ts';
import { createProcessMetrics } from '../observability/metrics.ts';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server.ts';
import { registerRunHealthGauges } from '../observability/run-health.ts';
import type { WorkerRuntime } from '../observability/runtime.ts';
import { tracingFromEnvironment } from '../observability/tracing.ts';
import { openStore } from '../store/index.ts';
import { TASK_QUEUE } from '../../workflows/contract.ts';
import { resolveTemporalTarget } from './connection.ts';
import { createExportWorker } from './worker.ts';

/** Worker-only settings, on top of the process environment of src/config/environment.ts. */
const workerEnvSchema = z.object({
  /** Task queue to poll; default `ist-export`. Tests give each worker process a queue of its own. */
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  /** Pages one fetch activity call stores before it returns its checkpoint to the workflow. */
  FETCH_CHUNK_PAGES: z.coerce.number().int().positive().default(DEFAULT_CHUNK_LIMITS.maxPages),
  /** Seconds after which a fetch activity call starts no further page. */
  FETCH_CHUNK_SECONDS: z.coerce.number().positive().default(DEFAULT_CHUNK_LIMITS.maxSeconds),
  /** A workflow bundle built ahead (bundleWorkflowCode's code, written to a file); unset = bundle at start. */
  WORKFLOW_BUNDLE: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  /**
   * Snapshots (the mapping step) this worker builds at once; more wait their turn. Mapping is the step
   * whose memory grows with the tenant: this, with the heap cap (NODE_OPTIONS=--max-old-space-size),
   * keeps a worker that exports several large customers at once within its memory (README: Performance).
   */
  MAX_CONCURRENT_SNAPSHOTS: z.coerce.number().int().positive().default(2),
  /** Concurrent activities of this worker. */
  MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(20),
  /** Port of /metrics, /healthz, /readyz; 0 = none. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Address those endpoints listen on; 0.0.0.0 in a container. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Seconds a SIGTERMed worker lets running activities finish before cancelling them. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(60),
});

/**
 * Said at every worker start without PAYLOAD_CODEC_KEYS. Not fatal, so the demo and tests run without keys,
 * but loud: in production every payload and failure message must be ciphertext in Temporal.
 */
export const PLAINTEXT_PAYLOADS_WARNING =
  'WARNING: PAYLOAD_CODEC_KEYS is not set: workflow inputs, results, heartbeats and failure messages are stored in Temporal as plain JSON. Set it (README: Security and data protection) in production.';

function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

export interface RunningWorker {
  taskQueue: string;
  /** Settles when the worker stopped (after `shutdown`, or on a fatal error). */
  running: Promise<void>;
  /** Stop polling, let running activities finish or be cancelled, close connections and store. */
  shutdown(): Promise<void>;
  /** Base URL of /metrics, /healthz, /readyz; unset when METRICS_PORT=0. */
  metricsUrl?: string;
}

/**
 * Wire a worker from the environment: config file, store, IST credentials (the variables the
 * customer file names), activities, Temporal connection. Used by src/bin/worker.ts and the CLI.
 * TEMPORAL_ADDRESS defaults to 127.0.0.1:7233; a worker never starts a server of its own.
 */
export async function startWorkerFromEnvironment(env: NodeJS.ProcessEnv = process.env, runtime?: WorkerRuntime): Promise<RunningWorker> {
  const base = readEnvironment(env);
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const settings = parsed.data;
  // Resolved before the store opens: a bad profile or key set fails the start, with nothing to clean up.
  const target = resolveTemporalTarget(env);
  if (!target.payloads.encrypted) warn(PLAINTEXT_PAYLOADS_WARNING);
  // Read again whenever the file changes (activities ask it for their customer): no restart for a new customer.
  const config = new CustomerFileSource(base.CUSTOMERS_FILE, env);
  // A worker that cannot serve a customer in its file says so now, not after a run fetched every list.
  for (const customer of config.current().customers) checkCivicNoKeyFor(customer, env);
  const store = await openStore({ databaseUrl: base.DATABASE_URL, dataDir: path.join(base.DATA_DIR, 'pglite') });
  const metrics = createProcessMetrics();
  registerRunHealthGauges(metrics.registry, store.db, () => config.current().customers.map((c) => c.id));
  // Tracing needs the process's logger and a global tracer provider: worker mains only (runtime given).
  const tracing = runtime ? tracingFromEnvironment(env, runtime.logger) : undefined;
  // Said once: what bounds this worker's memory (README: Performance). Node's own default heap limit
  // grows with the machine's memory, so an uncapped worker keeps garbage it never needed to collect.
  runtime?.logger.info({ heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20), maxConcurrentSnapshots: settings.MAX_CONCURRENT_SNAPSHOTS }, 'worker memory: V8 heap limit (NODE_OPTIONS=--max-old-space-size) and snapshots mapped at once');
  const activities = createActivities({ config, store, env, metrics, fetchChunk: { maxPages: settings.FETCH_CHUNK_PAGES, maxSeconds: settings.FETCH_CHUNK_SECONDS }, maxConcurrentSnapshots: settings.MAX_CONCURRENT_SNAPSHOTS });
  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  let server: MetricsServer | undefined;
  try {
    // Up before the worker, so a probe can tell "starting" from "down".
    if (settings.METRICS_PORT > 0) {
      server = await startMetricsServer({
        host: settings.METRICS_HOST,
        port: settings.METRICS_PORT,
        registry: metrics.registry,
        ...(runtime?.sdkMetricsUrl ? { extraMetricsUrl: runtime.sdkMetricsUrl } : {}),
        readiness: {
          worker: async () => {
            const state = worker?.getState() ?? 'STARTING';
            if (state !== 'RUNNING') throw new Error(`worker is ${state.toLowerCase()}`);
          },
          temporal: async () => {
            if (!connection) throw new Error('not connected yet');
            await connection.workflowService.getSystemInfo({});
          },
          store: async () => {
            await store.db.query('SELECT 1');
          },
        },
      });
    }
    ({ worker, connection } = await createExportWorker({
      address: target.address,
      connectionOptions: target.connectionOptions,
      dataConverter: target.payloads.workerDataConverter,
      namespace: target.namespace,
      taskQueue: settings.TASK_QUEUE,
      activities,
      maxConcurrentActivityTaskExecutions: settings.MAX_CONCURRENT_ACTIVITIES,
      activityInterceptors: [observeActivities(metrics), ...(tracing?.activityInterceptors ?? [])],
      ...(tracing ? { workflowInterceptorModules: tracing.workflowModules, sinks: tracing.sinks } : {}),
      shutdownGraceSeconds: settings.SHUTDOWN_GRACE_SECONDS,
      ...(settings.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: path.resolve(settings.WORKFLOW_BUNDLE) } } : {}),
    }));
  } catch (err) {
    await server?.close();
    await tracing?.shutdown();
    await store.close();
    throw err;
  }
  const [w, c] = [worker, connection];
  const running = w.run().finally(async () => {
    await server?.close();
    await tracing?.shutdown();
    await c.close();
    await store.close();
  });
  return {
    taskQueue: settings.TASK_QUEUE,
    running,
    ...(server ? { metricsUrl: server.url } : {}),
    async shutdown() {
      if (w.getState() === 'RUNNING') w.shutdown();
      await running;
    },
  };
}
