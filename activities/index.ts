import { findCustomer, type CustomerFile } from '../src/config/customers.ts';
import { stockholmDate } from '../src/map/validity.ts';
import type { Store } from '../src/store/index.ts';
import type { FetchChunkResult, IstResource, ResourceFetchResult, RunStatus } from '../workflows/contract.ts';
import { buildSnapshotFromStaging } from './build-snapshot.ts';
import { DEFAULT_CHUNK_LIMITS, fetchResourceChunk, type FetchChunkLimits } from './fetch-resource.ts';
import { IstClients, type IstClientTuning } from './ist-clients.ts';
import { createIsiActivities } from './isi.ts';
import { withIstRetryHint } from './ist-failure.ts';
import { createPublishActivities, type PublishActivityDeps } from './publish.ts';

export interface ActivityDeps {
  config: CustomerFile;
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
}

/** The activities of one worker, built from their dependencies so a test swaps one dependency. */
export function createActivities(deps: ActivityDeps) {
  const env = deps.env ?? process.env;
  const clients = new IstClients(deps.config, env, deps.ist);
  const today = deps.today ?? (() => stockholmDate());

  return {
    ...createPublishActivities(deps),
    ...createIsiActivities({ config: deps.config, store: deps.store, env }),

    /** Record the run under Temporal's run id, so a retried start finds the same row. */
    async beginRun(input: { customerId: string; runId: string; workflowId: string }): Promise<{ runDate: string; transport?: 'isi' }> {
      const customer = findCustomer(deps.config, input.customerId);
      await deps.store.runs.begin(input.runId, input.customerId, input.workflowId);
      // The route is decided once, here, and recorded in history: the workflow cannot read the customer file.
      return { runDate: today(), ...(customer.transport === 'isi' ? { transport: 'isi' as const } : {}) };
    },

    /** Fetch the next chunk of one list into staging; the workflow calls it until the result says done. */
    async fetchResourceChunk(input: { customerId: string; runId: string; resource: IstResource }): Promise<FetchChunkResult> {
      const customer = findCustomer(deps.config, input.customerId);
      return withIstRetryHint(() => fetchResourceChunk(clients.for(customer), deps.store.staging, customer, input.runId, input.resource, deps.fetchChunk ?? DEFAULT_CHUNK_LIMITS, env));
    },

    /**
     * Runs started before the chunked fetch (workflows/fetch-phase.ts FETCH_CHUNKS_PATCH) call this:
     * the whole list in one call, chunk after chunk, heartbeating as it goes.
     */
    async fetchResource(input: { customerId: string; runId: string; resource: IstResource }): Promise<ResourceFetchResult> {
      const customer = findCustomer(deps.config, input.customerId);
      const unbounded = { maxPages: Number.MAX_SAFE_INTEGER, maxSeconds: Number.MAX_SAFE_INTEGER };
      const { resource, pages, records, quarantined } = await withIstRetryHint(() => fetchResourceChunk(clients.for(customer), deps.store.staging, customer, input.runId, input.resource, unbounded, env));
      return { resource, pages, records, quarantined };
    },

    async buildSnapshot(input: { customerId: string; runId: string; runDate: string }) {
      const customer = findCustomer(deps.config, input.customerId);
      return buildSnapshotFromStaging(deps.store, customer, input.runId, input.runDate, deps.lookAheadDays ?? 0, env);
    },

    /** Close the run's record and drop its raw pages: nothing personal lingers in staging. */
    async finishRun(input: { runId: string; status: RunStatus; counts?: unknown; fetched?: unknown; issueCounts?: unknown; failure?: string }): Promise<void> {
      await deps.store.runs.finish(input.runId, input);
      await deps.store.staging.drop(input.runId);
      await deps.store.isi.drop(input.runId);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
