import path from 'node:path';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../../activities/index.ts';
import { TASK_QUEUE } from '../../workflows/contract.ts';
import { PROJECT_ROOT } from './cli-path.ts';

export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows/index.ts');

export interface ExportWorkerOptions {
  address: string;
  namespace?: string;
  taskQueue?: string;
  activities: Activities;
  /** A pre-built bundle (tests bundle once per file); default: bundle workflows/ at start. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Concurrent activities; several customers' fetches share a worker. */
  maxConcurrentActivityTaskExecutions?: number;
}

export async function createExportWorker(options: ExportWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
  });
  return { worker, connection };
}
