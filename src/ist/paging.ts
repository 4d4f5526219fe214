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
 */
export async function* paginate(
  resource: string,
  fetchPage: (pageToken: string | null) => Promise<ListPage>,
  resume: { after: number; pageToken: string | null } = { after: 0, pageToken: null },
): AsyncGenerator<NumberedPage> {
  let pageNo = resume.after;
  let token = resume.pageToken;
  for (;;) {
    const page = await fetchPage(token);
    pageNo++;
    yield { ...page, pageNo };
    if (!page.nextPageToken) return;
    if (page.nextPageToken === token) throw new IstPagingLoopError(resource, pageNo);
    token = page.nextPageToken;
  }
}
