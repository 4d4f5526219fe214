import { findCustomer, type CustomerFile } from '../src/config/customers.ts';
import { stockholmDate } from '../src/map/validity.ts';
import type { Store } from '../src/store/index.ts';
import type { IstResource, ResourceFetchResult, RunStatus } from '../workflows/contract.ts';
import { buildSnapshotFromStaging } from './build-snapshot.ts';
import { fetchResourcePages } from './fetch-resource.ts';
import { IstClients } from './ist-clients.ts';

export interface ActivityDeps {
  config: CustomerFile;
  store: Store;
  env?: NodeJS.ProcessEnv;
  /** Days ahead a starting relation already counts (schools prepare before term starts). */
  lookAheadDays?: number;
  /** The run date; default today in Europe/Stockholm. Tests pin it. */
  today?: () => string;
}

/** The activities of one worker, built from their dependencies so a test swaps one dependency. */
export function createActivities(deps: ActivityDeps) {
  const clients = new IstClients(deps.config, deps.env ?? process.env);
  const today = deps.today ?? (() => stockholmDate());

  return {
    /** Record the run under Temporal's run id, so a retried start finds the same row. */
    async beginRun(input: { customerId: string; runId: string; workflowId: string }): Promise<{ runDate: string }> {
      findCustomer(deps.config, input.customerId);
      await deps.store.runs.begin(input.runId, input.customerId, input.workflowId);
      return { runDate: today() };
    },

    async fetchResource(input: { customerId: string; runId: string; resource: IstResource }): Promise<ResourceFetchResult> {
      const customer = findCustomer(deps.config, input.customerId);
      return fetchResourcePages(clients.for(customer), deps.store.staging, customer, input.runId, input.resource);
    },

    async buildSnapshot(input: { customerId: string; runId: string; runDate: string }) {
      const customer = findCustomer(deps.config, input.customerId);
      return buildSnapshotFromStaging(deps.store, customer, input.runId, input.runDate, deps.lookAheadDays ?? 0);
    },

    /** Close the run's record and drop its raw pages: nothing personal lingers in staging. */
    async finishRun(input: { runId: string; status: RunStatus; counts?: unknown; fetched?: unknown; issueCounts?: unknown; failure?: string }): Promise<void> {
      await deps.store.runs.finish(input.runId, input);
      await deps.store.staging.drop(input.runId);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
