import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type ActivityInterceptorsFactory, type InjectedSinks, type NativeConnectionOptions, type WorkflowBundleOption } from '@temporalio/worker';
import type { Activities } from '../../activities/index.ts';
import { TASK_QUEUE } from '../../workflows/contract.ts';
import { PROJECT_ROOT } from './cli-path.ts';
import { ENCODED_FAILURES_MARKER } from './failure-converter.ts';

export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows/index.ts');

export interface ExportWorkerOptions {
  address: string;
  namespace?: string;
  taskQueue?: string;
  activities: Activities;
  /** A pre-built bundle (tests bundle once per file, or a file built at image build time); default: bundle workflows/ at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Concurrent activities; several customers' fetches share a worker. */
  maxConcurrentActivityTaskExecutions?: number;
  /** TLS, API key, metadata of the connection (src/temporal/connection.ts); default: plain `address`. */
  connectionOptions?: NativeConnectionOptions;
  /** Payload codec and failure converter (src/temporal/data-converter.ts); default: plain JSON payloads. */
  dataConverter?: DataConverter;
  /** Activity interceptors (metrics and log attributes: src/observability/activity-interceptor.ts). */
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** Workflow interceptor modules (tracing); only used when the worker bundles at start, not with `workflowBundle`. */
  workflowInterceptorModules?: string[];
  sinks?: InjectedSinks<Record<string, never>>;
  /**
   * After shutdown() the worker stops polling and waits this long for running activities to finish (a fetch
   * chunk ends within FETCH_CHUNK_SECONDS) before it cancels them; default 0 = cancel at once (the SDK's).
   */
  shutdownGraceSeconds?: number;
}

/** Thrown when payloads are to be encrypted but the prebuilt workflow bundle was built without the encoding failure converter. */
export class WorkflowBundleCodecMismatchError extends Error {
  override readonly name = 'WorkflowBundleCodecMismatchError';
  constructor(readonly bundle: string) {
    super(`${bundle} was bundled without the encoding failure converter, so workflow failure messages would be stored in plaintext; rebuild it with failureConverterPath (src/temporal/data-converter.ts FAILURE_CONVERTER_PATH)`);
  }
}

/**
 * Heartbeats reach the server at most this often. The SDK would otherwise wait up to 80 % of the
 * heartbeat timeout between sends, and a cancellation only arrives in a heartbeat's answer: 5 s keeps
 * a cancelled export from fetching on for half a minute.
 */
const MAX_HEARTBEAT_THROTTLE = '5 seconds';

export async function createExportWorker(options: ExportWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  if (options.dataConverter?.failureConverterPath && options.workflowBundle) {
    const code = 'code' in options.workflowBundle ? options.workflowBundle.code : readFileSync(options.workflowBundle.codePath, 'utf8');
    if (!code.includes(ENCODED_FAILURES_MARKER)) throw new WorkflowBundleCodecMismatchError('codePath' in options.workflowBundle ? options.workflowBundle.codePath : 'the workflow bundle');
  }
  const connection = await NativeConnection.connect(options.connectionOptions ?? { address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    maxHeartbeatThrottleInterval: MAX_HEARTBEAT_THROTTLE,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    interceptors: { activity: options.activityInterceptors ?? [], workflowModules: options.workflowInterceptorModules ?? [] },
    ...(options.sinks ? { sinks: options.sinks } : {}),
    ...(options.shutdownGraceSeconds
      ? // Cancelled activities get 15 s more to stop before the worker gives up on them and fails.
        { shutdownGraceTime: options.shutdownGraceSeconds * 1000, shutdownForceTime: (options.shutdownGraceSeconds + 15) * 1000 }
      : {}),
  });
  return { worker, connection };
}
