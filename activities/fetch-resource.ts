import { Context } from '@temporalio/activity';
import type { Customer } from '../src/config/customers.ts';
import type { IstClient } from '../src/ist/client.ts';
import { IstPageTokenExpiredError } from '../src/ist/errors.ts';
import { paginate } from '../src/ist/paging.ts';
import { checkRecords } from '../src/ist/records.ts';
import type { Staging } from '../src/store/staging.ts';
import type { IstResource, ResourceFetchResult } from '../workflows/contract.ts';

/** Heartbeat details: a small checkpoint, never records. */
export interface FetchCheckpoint {
  version: 1;
  pages: number;
  records: number;
}

/** How many times one attempt restarts a listing whose page token IST expired. */
const MAX_LISTING_RESTARTS = 2;

/**
 * Read one SS 12000 list page by page. Each page is stored before progress is recorded, so a retry
 * (worker died, outage) resumes after the last stored page: at most one page is fetched again.
 */
export async function fetchResourcePages(client: IstClient, staging: Staging, customer: Customer, runId: string, resource: IstResource): Promise<ResourceFetchResult> {
  const ctx = Context.current();
  let progress = await staging.progress(runId, resource);
  let restarts = 0;
  while (!(progress.pages > 0 && progress.nextPageToken === null)) {
    const pages = paginate(resource, (pageToken) => client.listPage(resource, { limit: customer.pageSize, pageToken, signal: ctx.cancellationSignal }), {
      after: progress.pages,
      pageToken: progress.nextPageToken,
    });
    try {
      for await (const page of pages) {
        const checked = checkRecords(resource, page.records);
        await staging.putPage(runId, resource, page.pageNo, checked.valid, page.nextPageToken, checked.quarantined);
        progress = {
          pages: page.pageNo,
          records: progress.records + checked.valid.length,
          quarantined: progress.quarantined + checked.quarantined.length,
          nextPageToken: page.nextPageToken,
        };
        ctx.heartbeat({ version: 1, pages: progress.pages, records: progress.records } satisfies FetchCheckpoint);
      }
    } catch (err) {
      if (!(err instanceof IstPageTokenExpiredError) || progress.pages === 0 || restarts >= MAX_LISTING_RESTARTS) throw err;
      restarts++;
      ctx.log.warn('IST expired the page token; restarting the listing', { resource, pagesDiscarded: progress.pages });
      await staging.resetResource(runId, resource);
      progress = await staging.progress(runId, resource);
    }
  }
  return { resource, pages: progress.pages, records: progress.records, quarantined: progress.quarantined };
}
