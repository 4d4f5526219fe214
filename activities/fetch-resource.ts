import { Context } from '@temporalio/activity';
import { pageSizeFor, type Customer } from '../src/config/customers.ts';
import type { IstClient } from '../src/ist/client.ts';
import { IstCustomerUnknownError, IstPageTokenExpiredError } from '../src/ist/errors.ts';
import { explainNotFound, OPTIONAL_LISTS } from '../src/ist/not-found.ts';
import { paginate } from '../src/ist/paging.ts';
import { UnknownCodeCollector } from '../src/ist/code-lists.ts';
import { checkRecords } from '../src/ist/records.ts';
import { protectStagedRecords } from '../src/map/civic-no-staging.ts';
import type { StagedProgress, Staging } from '../src/store/staging.ts';
import type { FetchChunkResult, IstResource } from '../workflows/contract.ts';

/** Heartbeat details: a small checkpoint, never records. */
export interface FetchCheckpoint {
  version: 1;
  pages: number;
  records: number;
}

/**
 * How much one activity call fetches before it returns its checkpoint to the workflow. Smaller
 * chunks make the workflow's progress query livelier; larger ones keep history shorter
 * (about 4–6 history events per chunk).
 */
export interface FetchChunkLimits {
  /** Pages per chunk. Default 100. */
  maxPages: number;
  /** Seconds after which no further page is started in this chunk. Default 30. */
  maxSeconds: number;
}
export const DEFAULT_CHUNK_LIMITS: FetchChunkLimits = { maxPages: 100, maxSeconds: 30 };

/**
 * Pages of one list an attempt can have requested but not yet stored: the page being checked and
 * written, and the one read ahead. A lost attempt (killed worker, failed write) costs at most these.
 */
export const PAGES_IN_FLIGHT = 2;

/** How many times one attempt restarts a listing whose page token IST expired. */
const MAX_LISTING_RESTARTS = 2;

const isComplete = (p: StagedProgress): boolean => p.pages > 0 && p.nextPageToken === null;
const checkpointOf = (p: StagedProgress): FetchCheckpoint => ({ version: 1, pages: p.pages, records: p.records });

/**
 * Read one SS 12000 list onwards from where the store says it stands, for at most one chunk.
 * Each page is stored before progress is recorded (heartbeat, result), so a retry (worker died,
 * outage) resumes after the last stored page: at most PAGES_IN_FLIGHT pages are fetched again.
 */
export async function fetchResourceChunk(
  client: IstClient,
  staging: Staging,
  customer: Customer,
  runId: string,
  resource: IstResource,
  limits: FetchChunkLimits = DEFAULT_CHUNK_LIMITS,
  env: NodeJS.ProcessEnv = process.env,
  /** Told of every stored page: valid and quarantined record counts (metrics). */
  onPageStored?: (records: number, quarantined: number) => void,
): Promise<FetchChunkResult> {
  const ctx = Context.current();
  const { attempt, heartbeatDetails, heartbeatTimeoutMs } = ctx.info;
  // The store is the source of truth; the last heartbeat only tells us how far the lost attempt got.
  let progress = await staging.progress(runId, resource);
  const lastBeat = asCheckpoint(heartbeatDetails);
  if (lastBeat) {
    const meta = { resource, attempt, heartbeatPages: lastBeat.pages, storedPages: progress.pages };
    if (lastBeat.pages > progress.pages) ctx.log.warn('the store is behind the last heartbeat (staging was dropped?); resuming from the store', meta);
    else ctx.log.info('resuming a fetch from the store', meta);
  }

  // A page can take long (slow IST, in-request retries). Beating on a timer between pages keeps a
  // live attempt from timing out and is how a cancellation reaches us while a request is in flight;
  // a dead process stops beating, so a killed worker is still noticed within the heartbeat timeout.
  const keepAlive = setInterval(() => ctx.heartbeat(checkpointOf(progress)), Math.max(200, Math.min(5_000, (heartbeatTimeoutMs ?? 20_000) / 4)));
  const deadline = Date.now() + limits.maxSeconds * 1000;
  let fetched = 0;
  let requested = 0;
  let restarts = 0;
  // At least one page per call, so a chunk always moves the listing forward.
  const chunkFull = () => fetched > 0 && (fetched >= limits.maxPages || Date.now() >= deadline);
  // Read-ahead: the next page is on the wire while this one is checked and stored. A page is only
  // requested while the chunk has room, and every requested page is stored, so chunks stay 1.00
  // requests per page; the checkpoint still follows the store (a page read ahead is not progress).
  const wantAnother = () => requested < limits.maxPages && Date.now() < deadline;
  try {
    while (!isComplete(progress) && !chunkFull()) {
      const fetchPage = (pageToken: string | null) => {
        requested++;
        return client.listPage(resource, { limit: pageSizeFor(customer, resource), pageToken, signal: ctx.cancellationSignal });
      };
      const pages = paginate(resource, fetchPage, { after: progress.pages, pageToken: progress.nextPageToken }, wantAnother);
      try {
        for await (const page of pages) {
          // Cancelled (another list failed, or the run was cancelled): store nothing more, the run's clean-up follows.
          ctx.cancellationSignal.throwIfAborted();
          const checked = checkRecords(resource, page.records);
          const staged = protectStagedRecords(resource, checked.valid, customer.forwardCivicNo, env);
          // Counted now, while the page is in hand: the complete list's summary then reads no page again.
          const codes = new UnknownCodeCollector(resource);
          codes.add(staged);
          await staging.putPage(runId, resource, page.pageNo, staged, page.nextPageToken, checked.quarantined, codes.result(Number.MAX_SAFE_INTEGER));
          progress = {
            pages: page.pageNo,
            records: progress.records + checked.valid.length,
            quarantined: progress.quarantined + checked.quarantined.length,
            nextPageToken: page.nextPageToken,
          };
          fetched++;
          onPageStored?.(checked.valid.length, checked.quarantined.length);
          ctx.heartbeat(checkpointOf(progress));
        }
      } catch (err) {
        if (err instanceof IstCustomerUnknownError && progress.pages === 0) {
          // A 404 on one list: an unknown customer, or a list this server does not serve.
          const explained = await explainNotFound(client, err, ctx.cancellationSignal);
          if (explained instanceof IstCustomerUnknownError || !OPTIONAL_LISTS.has(resource)) throw explained;
          ctx.log.warn('the server does not serve an optional list; skipped, reported in the run\'s findings', { resource });
          await staging.markNotServed(runId, resource, explained.said);
          progress = await staging.progress(runId, resource);
          break;
        }
        if (!(err instanceof IstPageTokenExpiredError) || progress.pages === 0 || restarts >= MAX_LISTING_RESTARTS) throw err;
        restarts++;
        requested = fetched;
        ctx.log.warn('IST expired the page token; restarting the listing', { resource, pagesDiscarded: progress.pages });
        await staging.resetResource(runId, resource);
        progress = await staging.progress(runId, resource);
      }
    }
  } finally {
    clearInterval(keepAlive);
  }
  const done = isComplete(progress);
  // From the store, so a retried chunk that finds the list already skipped says so too.
  const notServed = done && OPTIONAL_LISTS.has(resource) && (await staging.notServed(runId)).some((n) => n.resource === resource);
  const unknownCodes = done ? await unknownCodesOf(staging, runId, resource) : [];
  for (const u of unknownCodes) ctx.log.warn('IST sent a value outside the SS 12000 code list; kept as sent', { ...u });
  return {
    version: 1, resource, done, pages: progress.pages, records: progress.records, quarantined: progress.quarantined, pagesFetched: fetched, attempt,
    ...(unknownCodes.length > 0 ? { unknownCodes } : {}),
    ...(notServed ? { notServed } : {}),
  };
}

/**
 * Read once the list is complete, from the store (the counts each staged page carries): right however
 * many attempts and restarts it took. Pages staged without counts (older worker) are counted again.
 */
async function unknownCodesOf(staging: Staging, runId: string, resource: IstResource) {
  const collector = new UnknownCodeCollector(resource);
  const perPage = await staging.unknownCodes(runId, resource);
  if (perPage) for (const counts of perPage) collector.addCounts(counts);
  else for await (const page of staging.records(runId, resource)) collector.add(page);
  return collector.result();
}

function asCheckpoint(details: unknown): FetchCheckpoint | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const d = details as Partial<FetchCheckpoint>;
  return d.version === 1 && typeof d.pages === 'number' && typeof d.records === 'number' ? (d as FetchCheckpoint) : undefined;
}
