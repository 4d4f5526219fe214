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

describe('paginate with read-ahead', () => {
  it('when a page is handed out, then the next one is already requested while the caller works on it', async () => {
    const { fetchPage, asked } = fakeList(9, 3);
    const askedWhenHandedOut: number[] = [];
    const numbers: number[] = [];
    for await (const page of paginate('persons', fetchPage, undefined, () => true)) {
      askedWhenHandedOut.push(asked.length);
      numbers.push(page.pageNo);
    }
    assert.deepEqual(numbers, [1, 2, 3]);
    assert.deepEqual(askedWhenHandedOut, [2, 3, 3], 'page 1 in hand while page 2 is asked; the last page asks for nothing');
    assert.deepEqual(asked, [null, 't3', 't6']);
  });

  it('when readAhead says stop, then the walk ends after the page in hand and nothing more was requested', async () => {
    const { fetchPage, asked } = fakeList(30, 3);
    let budget = 3; // requests the caller still wants after the first
    const numbers: number[] = [];
    for await (const page of paginate('persons', fetchPage, undefined, () => budget-- > 0)) numbers.push(page.pageNo);
    assert.deepEqual(numbers, [1, 2, 3, 4]);
    assert.equal(asked.length, 4, 'one request per page handed out');
  });

  it('when the request read ahead fails, then the failure comes with the next page, not before', async () => {
    let calls = 0;
    const failing = async (token: string | null) => {
      calls++;
      if (token) throw new Error('boom');
      return { records: [1], nextPageToken: 'next' };
    };
    const got: number[] = [];
    await assert.rejects(async () => {
      for await (const page of paginate('groups', failing, undefined, () => true)) got.push(page.pageNo);
    }, /boom/);
    assert.deepEqual(got, [1]);
    assert.equal(calls, 2);
  });
});
