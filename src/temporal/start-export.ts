import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { exportWorkflowId, RunStatus, SEARCH_ATTRIBUTES, TASK_QUEUE, type ExportCustomerInput, type FetchTiming } from '../../workflows/contract.ts';
import type { exportCustomer } from '../../workflows/export-customer.ts';

export interface StartExportOptions {
  taskQueue?: string;
  /** Compute and record the diff and guard verdict, end `dry_run`, never publish. */
  dryRun?: boolean;
  /** Fetch heartbeat/retry timing; default from the environment (fetchTimingFromEnv), else the workflow's defaults. */
  fetchTiming?: FetchTiming;
}

/**
 * Start one export run now, directly (not through the customer's schedule): the one place that does.
 * The workflow id names the customer and the moment; the run carries IstCustomerId and IstRunStatus
 * from its start, so visibility queries find it before its first workflow task.
 */
export async function startExport(client: Client, customerId: string, options: StartExportOptions = {}): Promise<WorkflowHandleWithFirstExecutionRunId<typeof exportCustomer>> {
  const fetchTiming = options.fetchTiming ?? fetchTimingFromEnv();
  const input: ExportCustomerInput = { version: 1, customerId, ...(options.dryRun ? { dryRun: true } : {}), ...(fetchTiming ? { fetchTiming } : {}) };
  return client.workflow.start<typeof exportCustomer>('exportCustomer', {
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId: exportWorkflowId(customerId, new Date().toISOString()),
    args: [input],
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.customerId, value: customerId },
      { key: SEARCH_ATTRIBUTES.runStatus, value: RunStatus.Running },
    ],
  });
}

/**
 * `FETCH_HEARTBEAT_TIMEOUT_SECONDS` and `FETCH_RETRY_INITIAL_SECONDS` of the process that starts runs
 * (tests, benchmarks): how soon a killed worker's fetch is retried. Unset = production defaults.
 */
export function fetchTimingFromEnv(env: NodeJS.ProcessEnv = process.env): FetchTiming | undefined {
  const heartbeat = positiveSeconds(env, 'FETCH_HEARTBEAT_TIMEOUT_SECONDS');
  const retry = positiveSeconds(env, 'FETCH_RETRY_INITIAL_SECONDS');
  if (heartbeat === undefined && retry === undefined) return undefined;
  return { ...(heartbeat !== undefined ? { heartbeatTimeoutSeconds: heartbeat } : {}), ...(retry !== undefined ? { retryInitialIntervalSeconds: retry } : {}) };
}

function positiveSeconds(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`environment variable ${name}: expected a positive number of seconds, got '${raw}'`);
  return n;
}
