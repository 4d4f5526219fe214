import path from 'node:path';
import { z } from 'zod';
import { createActivities } from '../../activities/index.ts';
import { DEFAULT_CHUNK_LIMITS } from '../../activities/fetch-resource.ts';
import { CustomerFileSource } from '../config/customer-source.ts';
import { checkCivicNoKeyFor } from '../map/civic-no-cipher.ts';
import { readEnvironment } from '../config/environment.ts';
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
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** Concurrent activities of this worker. */
  MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(20),
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
}

/**
 * Wire a worker from the environment: config file, store, IST credentials (the variables the
 * customer file names), activities, Temporal connection. Used by src/bin/worker.ts and the CLI.
 * TEMPORAL_ADDRESS defaults to 127.0.0.1:7233; a worker never starts a server of its own.
 */
export async function startWorkerFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<RunningWorker> {
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
  const activities = createActivities({ config, store, env, fetchChunk: { maxPages: settings.FETCH_CHUNK_PAGES, maxSeconds: settings.FETCH_CHUNK_SECONDS } });
  let worker;
  let connection;
  try {
    ({ worker, connection } = await createExportWorker({
      address: target.address,
      connectionOptions: target.connectionOptions,
      dataConverter: target.payloads.workerDataConverter,
      namespace: target.namespace,
      taskQueue: settings.TASK_QUEUE,
      activities,
      maxConcurrentActivityTaskExecutions: settings.MAX_CONCURRENT_ACTIVITIES,
      ...(settings.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: path.resolve(settings.WORKFLOW_BUNDLE) } } : {}),
    }));
  } catch (err) {
    await store.close();
    throw err;
  }
  const running = worker.run().finally(async () => {
    await connection.close();
    await store.close();
  });
  return {
    taskQueue: settings.TASK_QUEUE,
    running,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
