import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IstPagingLoopError, paginate } from '../../../src/ist/paging.ts';

/** A fake list of `total` items served `size` at a time, tokens "t<offset>". */
function fakeList(total: number, size: number) {
  const asked: (string | null)[] = [];
  const fetchPage = async (token: string | null) => {
    asked.push(token);
    const offset = token ? Number(token.slice(1)) : 0;
    const records = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i);
    return { records, nextPageToken: offset + size < total ? `t${offset + size}` : null };
  };
  return { fetchPage, asked };
}

describe('paginate', () => {
  it('when the list spans pages, then every record comes once, pages numbered from 1', async () => {
    const { fetchPage } = fakeList(7, 3);
    const seen: number[] = [];
    const numbers: number[] = [];
    for await (const page of paginate('persons', fetchPage)) {
      seen.push(...(page.records as number[]));
      numbers.push(page.pageNo);
    }
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(numbers, [1, 2, 3]);
  });

  it('when resumed after page 2, then it asks for the stored token and continues numbering', async () => {
    const { fetchPage, asked } = fakeList(7, 3);
    const numbers: number[] = [];
    for await (const page of paginate('persons', fetchPage, { after: 2, pageToken: 't6' })) numbers.push(page.pageNo);
    assert.deepEqual(asked, ['t6']);
    assert.deepEqual(numbers, [3]);
  });

  it('when the list is empty, then one empty page ends it', async () => {
    const pages = [];
    for await (const page of paginate('duties', fakeList(0, 5).fetchPage)) pages.push(page);
    assert.equal(pages.length, 1);
    assert.deepEqual(pages[0]?.records, []);
  });

  it('when IST hands back the same token, then it stops with IstPagingLoopError', async () => {
    const stuck = async () => ({ records: [1], nextPageToken: 'same' });
    await assert.rejects(async () => {
      for await (const _ of paginate('groups', stuck)) {
        // drain
      }
    }, IstPagingLoopError);
  });
});
