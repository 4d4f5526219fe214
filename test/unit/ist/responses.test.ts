// What real servers answer, classified (issue 11): envelopes without pageToken, empty final pages,
// and error bodies as SS 12000's {code, message}, wrapped in {"error": …}, or plain text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IstCustomerUnknownError, IstRequestRejectedError } from '../../../src/ist/errors.ts';
import { classifyResponse, parseIstError, type ResponseContext } from '../../../src/ist/responses.ts';

const ctx: ResponseContext = { customerId: 'kommun-a', resource: 'syllabuses', extensId: 'EXT1', integrationPartnerId: 'P1', resumed: false };

describe('classifyResponse', () => {
  it('when the last page has no pageToken key, or is an empty data array, then it ends the listing', () => {
    assert.deepEqual(classifyResponse(ctx, 200, {}, '{"data":[{"id":"a"}]}'), { page: { records: [{ id: 'a' }], nextPageToken: null } });
    assert.deepEqual(classifyResponse(ctx, 200, {}, '{"data":[]}'), { page: { records: [], nextPageToken: null } });
    assert.deepEqual(classifyResponse(ctx, 200, {}, '{"data":[],"pageToken":""}'), { page: { records: [], nextPageToken: null } });
  });

  it('when a page token is standard base64 with + / and =, then it is kept exactly', () => {
    const out = classifyResponse(ctx, 200, {}, '{"data":[],"pageToken":"+/9vZmZzZXQ6Mw=="}');
    assert.deepEqual(out, { page: { records: [], nextPageToken: '+/9vZmZzZXQ6Mw==' } });
  });

  it('when an error body is plain text or wrapped in {"error": …}, then the named error quotes what the server said', () => {
    assert.throws(() => classifyResponse(ctx, 404, {}, 'Cannot GET /syllabuses\n<stack>'), (err: unknown) => err instanceof IstCustomerUnknownError && err.istCode === 'text' && err.istMessage === 'Cannot GET /syllabuses');
    assert.throws(
      () => classifyResponse(ctx, 400, {}, '{"error":{"code":"invalid_filter","message":"type is unknown"}}'),
      (err: unknown) => err instanceof IstRequestRejectedError && err.istCode === 'invalid_filter' && /invalid_filter: type is unknown/.test(err.message),
    );
    const outage = classifyResponse(ctx, 502, {}, '<html>Bad Gateway</html>');
    assert.ok('transient' in outage && /HTTP 502 text: <html>Bad Gateway<\/html>/.test(outage.transient.message));
  });

  it('when a body is SS 12000 Error, empty or long text, then parseIstError reads it, says nothing, or cuts it', () => {
    assert.deepEqual(parseIstError('{"code":"not_found","message":"no such customer"}'), { code: 'not_found', message: 'no such customer' });
    assert.equal(parseIstError(''), undefined);
    assert.equal(parseIstError('x'.repeat(500))?.message.length, 201);
  });
});
