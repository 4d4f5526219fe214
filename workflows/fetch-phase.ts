import { CancellationScope, isCancellation, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { fetchChunkOptions, legacyFetchOptions } from './activity-options.ts';
import { IST_RESOURCES, type ExportProgress, type FetchTiming, type IstResource, type ResourceFetchResult, type ResourceProgress } from './contract.ts';

/** Runs started before this patch fetched each list in one activity call (`fetchResource`). */
export const FETCH_CHUNKS_PATCH = 'fetch-chunks-v1';

/**
 * Runs started before this patch failed the phase on the first failed list while the other lists'
 * fetches went on writing pages, some after the run's clean-up had dropped staging. From it on, the
 * first failure cancels the sibling fetches and waits until each has stopped (their cancellation
 * type waits for the activity), so clean-up runs after the last page write.
 */
export const CANCEL_SIBLINGS_PATCH = 'fetch-cancel-siblings-v1';

/** Every list pending, nothing counted: the progress a run starts with. */
export function initialResourceProgress(): Record<IstResource, ResourceProgress> {
  return Object.fromEntries(IST_RESOURCES.map((r) => [r, { state: 'pending', pages: 0, records: 0, retries: 0 }])) as Record<IstResource, ResourceProgress>;
}

/**
 * Fetch every IST list into staging, the lists in parallel (the customer's IST connection pool bounds
 * how many requests are actually in flight). Each list is read in bounded chunks: one activity call
 * stores up to N pages / T seconds and returns its checkpoint, so `progress` (the progress query's
 * object) moves during the run while the history grows by a few events per chunk and never holds a
 * record. Returns when every list is complete; a list that fails fails the phase.
 */
export async function fetchAllResources(input: { customerId: string; runId: string; timing?: FetchTiming }, progress: ExportProgress): Promise<ResourceFetchResult[]> {
  if (!patched(FETCH_CHUNKS_PATCH)) return legacyFetch(input, progress);
  const { fetchResourceChunk } = proxyActivities<Activities>(fetchChunkOptions(input.timing));
  const fetchList = async (resource: IstResource): Promise<ResourceFetchResult> => {
    const shown = progress.resources[resource];
    shown.state = 'fetching';
    try {
      for (;;) {
        const chunk = await fetchResourceChunk({ customerId: input.customerId, runId: input.runId, resource });
        shown.pages = chunk.pages;
        shown.records = chunk.records;
        shown.retries += chunk.attempt - 1;
        if (chunk.done) {
          shown.state = 'done';
          return { resource, pages: chunk.pages, records: chunk.records, quarantined: chunk.quarantined, ...(chunk.unknownCodes ? { unknownCodes: chunk.unknownCodes } : {}), ...(chunk.notServed ? { notServed: true } : {}) };
        }
      }
    } catch (err) {
      shown.state = 'failed';
      throw err;
    }
  };
  if (!patched(CANCEL_SIBLINGS_PATCH)) return Promise.all(IST_RESOURCES.map(fetchList));

  // The lists run in a scope of their own: the first failure cancels it, then every list is waited for.
  const lists = new CancellationScope();
  let first: { err: unknown } | undefined;
  const settled = await lists.run(() =>
    Promise.allSettled(
      IST_RESOURCES.map(async (resource) => {
        try {
          return await fetchList(resource);
        } catch (err) {
          if (first) {
            if (isCancellation(err)) progress.resources[resource].state = 'cancelled';
          } else {
            first = { err };
            lists.cancel();
          }
          throw err;
        }
      }),
    ),
  );
  if (first) throw first.err;
  return settled.map((s) => (s as PromiseFulfilledResult<ResourceFetchResult>).value);
}

/** The fetch of runs started before FETCH_CHUNKS_PATCH: one activity per list, progress only at its end. */
async function legacyFetch(input: { customerId: string; runId: string }, progress: ExportProgress): Promise<ResourceFetchResult[]> {
  const { fetchResource } = proxyActivities<Activities>(legacyFetchOptions);
  return Promise.all(
    IST_RESOURCES.map(async (resource) => {
      progress.resources[resource].state = 'fetching';
      try {
        const result = await fetchResource({ customerId: input.customerId, runId: input.runId, resource });
        progress.resources[resource] = { state: 'done', pages: result.pages, records: result.records, retries: 0 };
        return result;
      } catch (err) {
        progress.resources[resource].state = 'failed';
        throw err;
      }
    }),
  );
}
