import { ApplicationFailure } from '@temporalio/activity';
import { asCustomerSource, type CustomerSource } from '../src/config/customer-source.ts';
import { findCustomer, type CustomerFile } from '../src/config/customers.ts';
import { changeCounts, changeRefs, computeRunDiff, withholdDeletions } from '../src/diff/compute.ts';
import { evaluateGuards, type ResourceOutcome } from '../src/diff/guards.ts';
import { DEFAULT_APPROVAL_DEADLINE, durationMs, resolveThresholds } from '../src/diff/thresholds.ts';
import type { ChangeCounts, ChangeRef, GuardVerdict } from '../src/diff/types.ts';
import { PublicationBaseChangedError, RunNotDiffedError } from '../src/publish/errors.ts';
import { publishRun, type PublishOutcome } from '../src/publish/publish.ts';
import type { Db } from '../src/store/db.ts';
import type { ExportMetrics } from '../src/observability/metrics.ts';
import type { Store } from '../src/store/index.ts';

/** What the workflow learns of a run's diff: counts, the guard verdict and a few ids. Never roster data. */
export interface DiffSummary {
  version: 1;
  firstRun: boolean;
  changes: ChangeCounts;
  guard: GuardVerdict;
  /** How long a held run waits for a decision (the customer's approvalDeadline). */
  approvalDeadlineMs: number;
  /** Up to 3 changed entities per type and kind, by id, for the preview query. */
  refs: ChangeRef[];
}

export interface PublishActivityDeps {
  config: CustomerFile | CustomerSource;
  store: Store;
  /** The atomic publish; tests wrap it (e.g. to fail after the commit). */
  publishRun?: (db: Db, customerId: string, runId: string) => Promise<PublishOutcome>;
  metrics?: ExportMetrics;
}

/** Errors a retry cannot fix: the run's change set is stale or missing. */
const NON_RETRYABLE = [PublicationBaseChangedError, RunNotDiffedError];

export function createPublishActivities(deps: PublishActivityDeps) {
  const publish = deps.publishRun ?? publishRun;
  return {
    /** Diff the run's snapshot against the customer's published state and judge it against the guards. */
    async diffRun(input: { customerId: string; runId: string; dryRun: boolean; resources: ResourceOutcome[] }): Promise<DiffSummary> {
      const customer = findCustomer(asCustomerSource(deps.config).current(), input.customerId);
      const diff = await computeRunDiff(deps.store.db, input.customerId, input.runId);
      const baseRun = diff.baseRunId ? await deps.store.runs.get(diff.baseRunId) : undefined;
      const guard = evaluateGuards({
        firstRun: diff.baseRunId === null,
        changes: diff.changes,
        publishedCounts: diff.publishedCounts,
        snapshotCounts: diff.snapshotCounts,
        resources: input.resources,
        publishedRecords: recordsByResource(baseRun?.fetched),
        thresholds: resolveThresholds(customer.thresholds),
      });
      await withholdDeletions(deps.store.db, input.runId, guard.withheldDeletionTypes);
      const changes = await changeCounts(deps.store.db, input.runId);
      await deps.store.runs.recordDiff(input.runId, { dryRun: input.dryRun, changeCounts: changes, guard });
      return {
        version: 1,
        firstRun: guard.firstRun,
        changes,
        guard,
        approvalDeadlineMs: durationMs(customer.approvalDeadline ?? DEFAULT_APPROVAL_DEADLINE),
        refs: await changeRefs(deps.store.db, input.runId, 3),
      };
    },

    /** Record that the run waits for approval. */
    async holdRun(input: { runId: string }): Promise<void> {
      await deps.store.runs.hold(input.runId);
    },

    async recordDecision(input: { runId: string; decision: 'approved' | 'rejected'; by: string; reason: string }): Promise<void> {
      await deps.store.runs.decide(input.runId, { decision: input.decision, by: input.by, reason: input.reason });
    },

    /** Make the run's snapshot and change set current, atomically; a retry after the commit changes nothing. */
    async publishRun(input: { customerId: string; runId: string }): Promise<PublishOutcome> {
      try {
        const outcome = await publish(deps.store.db, input.customerId, input.runId);
        if (deps.metrics && !outcome.alreadyPublished) await countPublished(deps.metrics, deps.store, input.customerId, input.runId);
        return outcome;
      } catch (err) {
        if (NON_RETRYABLE.some((type) => err instanceof type)) {
          throw ApplicationFailure.create({ type: (err as Error).name, message: (err as Error).message, nonRetryable: true });
        }
        throw err;
      }
    },
  };
}

/** Records per IST list as the run row keeps them (`fetched`: [{resource, records, …}]). */
function recordsByResource(fetched: unknown): Record<string, number> {
  if (!Array.isArray(fetched)) return {};
  const out: Record<string, number> = {};
  for (const f of fetched as { resource?: unknown; records?: unknown }[]) {
    if (typeof f?.resource === 'string' && typeof f.records === 'number') out[f.resource] = f.records;
  }
  return out;
}

/** Changes of a freshly published run into ist_export_changes_published_total (withheld deletions were not published). */
async function countPublished(metrics: ExportMetrics, store: Store, customer: string, runId: string): Promise<void> {
  const run = await store.runs.get(runId);
  for (const [entityType, kinds] of Object.entries(run?.changeCounts ?? {})) {
    const published = { created: kinds.created, updated: kinds.updated, deleted: kinds.deleted - kinds.withheld };
    for (const [change, n] of Object.entries(published)) if (n > 0) metrics.changesPublished.inc({ customer, entity_type: entityType, change }, n);
  }
}
