// A 404 on one list: an unknown customer, or a list the server does not serve (issue 11).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IstClient } from '../../../src/ist/client.ts';
import { IstCustomerUnknownError, IstListNotServedError, IstUnavailableError } from '../../../src/ist/errors.ts';
import { explainNotFound } from '../../../src/ist/not-found.ts';

const notFound = (resource: string) => new IstCustomerUnknownError({ customerId: 'kommun-a', resource, extensId: 'EXT1' }, 'text', 'Cannot GET /syllabuses');

/** A client whose listPage answers by list: a page, or the error given. */
function fakeClient(answers: Record<string, Error | 'page'>) {
  const asked: string[] = [];
  const client = {
    async listPage(resource: string, query: { limit: number }) {
      asked.push(`${resource}?limit=${query.limit}`);
      const answer = answers[resource];
      if (answer instanceof Error) throw answer;
      return { records: [], nextPageToken: null };
    },
  } as unknown as IstClient;
  return { client, asked };
}

describe('explainNotFound', () => {
  it('when the root list answers, then the 404 means the list is not served, named with what the server said', async () => {
    const { client, asked } = fakeClient({ organisations: 'page' });
    const err = await explainNotFound(client, notFound('syllabuses'));
    assert.ok(err instanceof IstListNotServedError);
    assert.equal(err.resource, 'syllabuses');
    assert.match(err.message, /does not serve the list syllabuses on ISI_EXTENS_ID=EXT1 \(HTTP 404: text: Cannot GET \/syllabuses\)/);
    assert.deepEqual(asked, ['organisations?limit=1']);
  });

  it('when organisations itself is the 404, then persons is asked; both 404 means an unknown customer', async () => {
    const original = notFound('organisations');
    const { client, asked } = fakeClient({ persons: notFound('persons') });
    assert.equal(await explainNotFound(client, original), original);
    assert.deepEqual(asked, ['persons?limit=1']);
  });

  it('when the probe fails otherwise, then that failure is thrown', async () => {
    const outage = new IstUnavailableError({ customerId: 'kommun-a', resource: 'organisations' }, 503, 'HTTP 503');
    const { client } = fakeClient({ organisations: outage });
    await assert.rejects(explainNotFound(client, notFound('groups')), (err: unknown) => err === outage);
  });
});
