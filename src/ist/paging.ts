import type { ListPage } from './client.ts';

export interface NumberedPage extends ListPage {
  pageNo: number;
}

/** Thrown when IST hands back the page token it was just given: following it would never end. */
export class IstPagingLoopError extends Error {
  override readonly name = 'IstPagingLoopError';
  constructor(readonly resource: string, readonly pageNo: number) {
    super(`resource ${resource}: IST returned the same page token again after page ${pageNo}`);
  }
}

/**
 * Walk a list from a resume point (`after` pages already done, `pageToken` for the next) to the end.
 * A null or absent pageToken ends the list.
 *
 * With `readAhead`, the next page is requested as soon as a page arrives, so the caller validates and
 * stores page n while page n+1 is on the wire. `readAhead()` is asked before each further request: when
 * it says no, the walk ends after the page in hand. So every page requested is also handed out (1.00
 * requests per page), and a caller that stops early never leaves a request it did not want.
 */
export async function* paginate(
  resource: string,
  fetchPage: (pageToken: string | null) => Promise<ListPage>,
  resume: { after: number; pageToken: string | null } = { after: 0, pageToken: null },
  readAhead?: () => boolean,
): AsyncGenerator<NumberedPage> {
  let pageNo = resume.after;
  let token = resume.pageToken;
  let pending = fetchPage(token);
  for (;;) {
    const page = await pending;
    pageNo++;
    const next = page.nextPageToken;
    const ahead = readAhead !== undefined && !!next && next !== token && readAhead();
    if (ahead) {
      pending = fetchPage(next);
      // Awaited on the next turn; until then a failure must not count as unhandled (the caller may stop first).
      pending.catch(() => {});
    }
    yield { ...page, pageNo };
    if (!next) return;
    if (next === token) throw new IstPagingLoopError(resource, pageNo);
    if (readAhead !== undefined && !ahead) return;
    token = next;
    if (!ahead) pending = fetchPage(token);
  }
}
