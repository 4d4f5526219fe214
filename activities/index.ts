import { Context } from '@temporalio/activity';
import { asCustomerSource, type CustomerSource } from '../src/config/customer-source.ts';
import { findCustomer, type Customer, type CustomerFile } from '../src/config/customers.ts';
import { checkCivicNoKeyFor } from '../src/map/civic-no-cipher.ts';
import { stockholmDate } from '../src/map/validity.ts';
import { createExportMetrics, type ExportMetrics } from '../src/observability/metrics.ts';
import type { Store } from '../src/store/index.ts';
import type { FetchChunkResult, IstResource, ResourceFetchResult, RunStatus } from '../workflows/contract.ts';
import { buildSnapshotFromStaging } from './build-snapshot.ts';
import { SnapshotSlots } from './snapshot-slots.ts';
import { DEFAULT_CHUNK_LIMITS, fetchResourceChunk, type FetchChunkLimits } from './fetch-resource.ts';
import { IstClients, type IstClientTuning } from './ist-clients.ts';
import { createIsiActivities } from './isi.ts';
import { withIstRetryHint } from './ist-failure.ts';
import { createMaintenanceActivities, type ExecutionStatusOf } from './maintenance.ts';
import { createPublishActivities, type PublishActivityDeps } from './publish.ts';

export interface ActivityDeps {
  /** The customer file: fixed, or a source read as it is now (the worker's CustomerFileSource). */
  config: CustomerFile | CustomerSource;
  store: Store;
  env?: NodeJS.ProcessEnv;
  /** Days ahead a starting relation already counts (schools prepare before term starts). */
  lookAheadDays?: number;
  /** The run date; default today in Europe/Stockholm. Tests pin it. */
  today?: () => string;
  /** How much one fetch activity call does before returning its checkpoint; default 100 pages / 30 s. */
  fetchChunk?: FetchChunkLimits;
  /** IST client retry waits and timeouts; default src/ist/retry.ts. Tests shorten them. */
  ist?: IstClientTuning;
  /** The atomic publish (src/publish/publish.ts); tests wrap it. */
  publishRun?: PublishActivityDeps['publishRun'];
  /** Temporal's status of a run, for the maintenance sweep; default: the activity's own client. */
  executionStatus?: ExecutionStatusOf;
  /** Snapshots this worker maps at once (MAX_CONCURRENT_SNAPSHOTS); default 2. */
  maxConcurrentSnapshots?: number;
  /** Where the activities count pages, IST traffic, findings, changes and runs; default a registry of their own. */
  metrics?: ExportMetrics;
}

/** The activities of one worker, built from their dependencies so a test swaps one dependency. */
export function createActivities(deps: ActivityDeps) {
  const env = deps.env ?? process.env;
  const snapshotSlots = new SnapshotSlots(deps.maxConcurrentSnapshots ?? 2);
  const metrics = deps.metrics ?? createExportMetrics();
  const customers = asCustomerSource(deps.config);
  const clients = new IstClients(customers, env, deps.ist, metrics);
  const today = deps.today ?? (() => stockholmDate());
  // The one place activities read the customer file: as it is now (a removed customer is refused).
  const customerOf = (customerId: string): Customer => findCustomer(customers.current(), customerId);

  const pageCounter = (input: { customerId: string; resource: IstResource }) => (records: number, quarantined: number) => {
    const labels = { customer: input.customerId, resource: input.resource };
    metrics.pagesFetched.inc(labels);
    metrics.recordsFetched.inc(labels, records);
    if (quarantined > 0) metrics.recordsQuarantined.inc(labels, quarantined);
  };

  return {
    ...createPublishActivities({ ...deps, config: customers, metrics }),
    ...createMaintenanceActivities({ ...deps, config: customers }),
    ...createIsiActivities({ config: customers, store: deps.store, env }),

    /**
     * Record the run under Temporal's run id, so a retried start finds the same row; then check the worker
     * can serve the customer (in the file, personnummer key when it forwards them) before anything is fetched.
     */
    async beginRun(input: { customerId: string; runId: string; workflowId: string }): Promise<{ runDate: string; transport?: 'isi' }> {
      await deps.store.runs.begin(input.runId, input.customerId, input.workflowId);
      const customer = customerOf(input.customerId);
      checkCivicNoKeyFor(customer, env);
      // The route is decided once, here, and recorded in history: the workflow cannot read the customer file.
      return { runDate: today(), ...(customer.transport === 'isi' ? { transport: 'isi' as const } : {}) };
    },

    /** Fetch the next chunk of one list into staging; the workflow calls it until the result says done. */
    async fetchResourceChunk(input: { customerId: string; runId: string; resource: IstResource }): Promise<FetchChunkResult> {
      const customer = customerOf(input.customerId);
      return withIstRetryHint(() => fetchResourceChunk(clients.for(customer), deps.store.staging, customer, input.runId, input.resource, deps.fetchChunk ?? DEFAULT_CHUNK_LIMITS, env, pageCounter(input)));
    },

    /**
     * Runs started before the chunked fetch (workflows/fetch-phase.ts FETCH_CHUNKS_PATCH) call this:
     * the whole list in one call, chunk after chunk, heartbeating as it goes.
     */
    async fetchResource(input: { customerId: string; runId: string; resource: IstResource }): Promise<ResourceFetchResult> {
      const customer = customerOf(input.customerId);
      const unbounded = { maxPages: Number.MAX_SAFE_INTEGER, maxSeconds: Number.MAX_SAFE_INTEGER };
      const { resource, pages, records, quarantined } = await withIstRetryHint(() => fetchResourceChunk(clients.for(customer), deps.store.staging, customer, input.runId, input.resource, unbounded, env, pageCounter(input)));
      return { resource, pages, records, quarantined };
    },

    async buildSnapshot(input: { customerId: string; runId: string; runDate: string }) {
      const customer = customerOf(input.customerId);
      const summary = await buildSnapshotFromStaging(deps.store, customer, input.runId, input.runDate, deps.lookAheadDays ?? 0, env, snapshotSlots);
      for (const [rule, n] of Object.entries(summary.issues.byRule)) if (n > 0) metrics.dataQualityFindings.inc({ customer: customer.id, rule }, n);
      metrics.dataQualityIssues.inc({ customer: customer.id, severity: 'error' }, summary.issues.errors);
      metrics.dataQualityIssues.inc({ customer: customer.id, severity: 'warning' }, summary.issues.warnings);
      return summary;
    },

    /** Close the run's record and drop its raw pages: nothing personal lingers in staging. */
    async finishRun(input: { runId: string; status: RunStatus; counts?: unknown; fetched?: unknown; issueCounts?: unknown; failure?: string; customerId?: string; workflowId?: string }): Promise<void> {
      await deps.store.runs.finish(input.runId, input);
      await deps.store.staging.drop(input.runId);
      await deps.store.isi.drop(input.runId);
      const run = await deps.store.runs.get(input.runId);
      const seconds = run?.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : undefined;
      if (run) metrics.runsFinished.inc({ customer: run.customerId, status: input.status });
      if (seconds !== undefined) metrics.runDuration.observe({ status: input.status }, seconds);
      // The one line per run an operator greps for: outcome, duration, counts; the failure is a named error, no roster data.
      Context.current().log.info('run finished', {
        outcome: input.status,
        customerId: run?.customerId,
        durationSeconds: seconds,
        ...(input.counts !== undefined ? { counts: input.counts } : {}),
        ...(input.failure ? { failure: input.failure } : {}),
      });
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
