import { ApplicationFailure, CancellationScope, defineQuery, isCancellation, log, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { snapshotOptions, storeOptions } from './activity-options.ts';
import {
  ENTITY_TYPES,
  PROGRESS_QUERY,
  RunStatus,
  SEARCH_ATTRIBUTES,
  type EntityCounts,
  type ExportCustomerInput,
  type ExportCustomerResult,
  type ExportProgress,
  type ResourceFetchResult,
} from './contract.ts';
import { failureText, namedFailure } from './failure.ts';
import { fetchAllResources, initialResourceProgress } from './fetch-phase.ts';
import { isiFetchPhase, ISI_ROUTE_PATCH } from './isi-phase.ts';
import { publishPhase, PUBLISH_PHASE_PATCH } from './publish-phase.ts';

const { beginRun, buildSnapshot, finishRun } = proxyActivities<Activities>(storeOptions);
const { buildSnapshot: buildSnapshotBeating } = proxyActivities<Activities>(snapshotOptions);

/** Runs past this patch map with a short heartbeat timeout (snapshotOptions); older ones keep storeOptions. */
export const SNAPSHOT_HEARTBEAT_PATCH = 'snapshot-heartbeat-v1';

/**
 * Runs started before this patch began outside the failure handling (a failed beginRun left no row
 * and IstRunStatus `running`), recorded the wrapper's text ("Activity task failed") and failed with
 * the ActivityFailure. From it on, any step's failure, the first included, is recorded in the run's
 * row (created if beginRun never wrote it) as `<ErrorName>: <message>`, and the run fails with that
 * name as its failure type.
 */
export const NAMED_FAILURE_PATCH = 'named-failure-v1';

export const progressQuery = defineQuery<ExportProgress>(PROGRESS_QUERY);

/** One customer run: fetch every IST list (in parallel) → map → store the snapshot → diff → publish or hold. Ids and counts only. */
export async function exportCustomer(input: ExportCustomerInput): Promise<ExportCustomerResult> {
  if (input.version !== 1) throw ApplicationFailure.nonRetryable(`unsupported input version ${String(input.version)}`, 'WorkflowInputInvalidError');
  const { customerId } = input;
  const progress: ExportProgress = {
    version: 1,
    runId: null,
    phase: 'starting',
    resources: initialResourceProgress(),
  };
  setHandler(progressQuery, () => progress);
  setStatus(RunStatus.Running);

  const { workflowId, runId } = workflowInfo();
  const recordsEveryFailure = patched(NAMED_FAILURE_PATCH);
  let runDate = '';
  let transport: 'isi' | undefined;
  if (!recordsEveryFailure) ({ runDate, transport } = await beginRun({ customerId, runId, workflowId }));
  progress.runId = runId;
  try {
    if (recordsEveryFailure) ({ runDate, transport } = await beginRun({ customerId, runId, workflowId }));
    progress.phase = 'fetching';
    const fetched: ResourceFetchResult[] = transport === 'isi' && patched(ISI_ROUTE_PATCH)
      ? await isiFetchPhase({ customerId, runId, timing: input.fetchTiming }, progress)
      : await fetchAllResources({ customerId, runId, timing: input.fetchTiming }, progress);
    progress.phase = 'mapping';
    const summary = patched(SNAPSHOT_HEARTBEAT_PATCH) ? await buildSnapshotBeating({ customerId, runId, runDate }) : await buildSnapshot({ customerId, runId, runDate });
    const quarantined = fetched.reduce((n, f) => n + f.quarantined, 0);
    const okStatus = summary.issues.errors + summary.issues.warnings + quarantined > 0 ? RunStatus.SucceededWithWarnings : RunStatus.Succeeded;
    const outcome = patched(PUBLISH_PHASE_PATCH)
      ? await publishPhase({ customerId, runId, dryRun: input.dryRun ?? false, resources: fetched, okStatus, progress, setStatus })
      : { status: okStatus, changes: undefined, publication: undefined };
    const status = outcome.status;
    await finishRun({ runId, status, counts: summary.counts, fetched, issueCounts: summary.issues });
    progress.phase = 'finished';
    progress.status = status;
    setStatus(status);
    log.info('export finished', { customerId, runId, status });
    return {
      version: 1,
      customerId,
      runId,
      status,
      fetched,
      counts: pickCounts(summary.counts),
      issues: { errors: summary.issues.errors, warnings: summary.issues.warnings, byRule: summary.issues.byRule },
      ...(outcome.changes ? { changes: outcome.changes, publication: outcome.publication } : {}),
    };
  } catch (err) {
    progress.phase = 'finished';
    setStatus(RunStatus.Failed);
    // Also when the run was cancelled: the cleanup must still run (and drop the staged pages).
    if (!recordsEveryFailure) {
      const failure = isCancellation(err) ? 'cancelled' : err instanceof Error ? err.message : String(err);
      await CancellationScope.nonCancellable(() => finishRun({ runId, status: RunStatus.Failed, failure }));
      throw err;
    }
    const named = namedFailure(err);
    const failure = isCancellation(err) ? 'cancelled' : failureText(named);
    await CancellationScope.nonCancellable(() => finishRun({ runId, status: RunStatus.Failed, failure, customerId, workflowId }));
    if (isCancellation(err)) throw err;
    log.warn('export failed', { customerId, runId, failure: named.name });
    throw ApplicationFailure.create({ type: named.name, message: named.message, nonRetryable: true, cause: err instanceof Error ? err : undefined });
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
