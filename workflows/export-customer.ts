import { ApplicationFailure, defineQuery, log, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { fetchOptions, storeOptions } from './activity-options.ts';
import {
  ENTITY_TYPES,
  IST_RESOURCES,
  PROGRESS_QUERY,
  RunStatus,
  SEARCH_ATTRIBUTES,
  type EntityCounts,
  type ExportCustomerInput,
  type ExportCustomerResult,
  type ExportProgress,
  type ResourceFetchResult,
} from './contract.ts';

const { fetchResource } = proxyActivities<Activities>(fetchOptions);
const { beginRun, buildSnapshot, finishRun } = proxyActivities<Activities>(storeOptions);

export const progressQuery = defineQuery<ExportProgress>(PROGRESS_QUERY);

/** One customer run: fetch every IST list (in parallel) → map → store the snapshot. Ids and counts only. */
export async function exportCustomer(input: ExportCustomerInput): Promise<ExportCustomerResult> {
  if (input.version !== 1) throw ApplicationFailure.nonRetryable(`unsupported input version ${String(input.version)}`, 'WorkflowInputInvalidError');
  const { customerId } = input;
  const progress: ExportProgress = {
    version: 1,
    runId: null,
    phase: 'starting',
    resources: Object.fromEntries(IST_RESOURCES.map((r) => [r, { state: 'pending', pages: 0, records: 0 }])) as ExportProgress['resources'],
  };
  setHandler(progressQuery, () => progress);
  setStatus(RunStatus.Running);

  const { workflowId, runId } = workflowInfo();
  const { runDate } = await beginRun({ customerId, runId, workflowId });
  progress.runId = runId;
  try {
    progress.phase = 'fetching';
    const fetched: ResourceFetchResult[] = await Promise.all(
      IST_RESOURCES.map(async (resource) => {
        progress.resources[resource].state = 'fetching';
        try {
          const result = await fetchResource({ customerId, runId, resource });
          progress.resources[resource] = { state: 'done', pages: result.pages, records: result.records };
          return result;
        } catch (err) {
          progress.resources[resource].state = 'failed';
          throw err;
        }
      }),
    );
    progress.phase = 'mapping';
    const summary = await buildSnapshot({ customerId, runId, runDate });
    const quarantined = fetched.reduce((n, f) => n + f.quarantined, 0);
    const status = summary.issues.errors + summary.issues.warnings + quarantined > 0 ? RunStatus.SucceededWithWarnings : RunStatus.Succeeded;
    await finishRun({ runId, status, counts: summary.counts, fetched, issueCounts: summary.issues });
    progress.phase = 'finished';
    setStatus(status);
    log.info('export finished', { customerId, runId, status });
    return {
      version: 1,
      customerId,
      runId,
      status,
      fetched,
      counts: pickCounts(summary.counts),
      issues: { errors: summary.issues.errors, warnings: summary.issues.warnings },
    };
  } catch (err) {
    progress.phase = 'finished';
    setStatus(RunStatus.Failed);
    await finishRun({ runId, status: RunStatus.Failed, failure: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/** Only when the run was started with our customer attribute: proof the server knows our attributes. */
function setStatus(status: RunStatus): void {
  if (workflowInfo().typedSearchAttributes.get(SEARCH_ATTRIBUTES.customerId) === undefined) return;
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.runStatus, value: status }]);
}

function pickCounts(counts: EntityCounts): EntityCounts {
  return Object.fromEntries(ENTITY_TYPES.map((t) => [t, counts[t] ?? 0])) as EntityCounts;
}
