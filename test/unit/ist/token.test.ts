import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { IstClientCredentialsRejectedError } from '../../../src/ist/errors.ts';
import { TokenSource } from '../../../src/ist/token.ts';

describe('TokenSource', () => {
  let server: Server;
  let url: string;
  let issued = 0;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        res.setHeader('content-type', 'application/json');
        if (form.get('client_secret') !== 'right') {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'invalid_client' }));
          return;
        }
        issued++;
        res.end(JSON.stringify({ access_token: `token-${issued}`, token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connect/token`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when asked twice within the lifetime, then one token request is made', async () => {
    let now = 1_000_000;
    const tokens = new TokenSource({ customerId: 'c1', tokenUrl: url, clientId: 'id', clientSecret: 'right', now: () => now });
    const start = issued;
    const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
    now += 3000 * 1000;
    const c = await tokens.get();
    assert.equal(a, b);
    assert.equal(c, a);
    assert.equal(issued - start, 1);
  });

  it('when the lifetime minus the margin has passed, then a new token is fetched', async () => {
    let now = 1_000_000;
    const tokens = new TokenSource({ customerId: 'c1', tokenUrl: url, clientId: 'id', clientSecret: 'right', now: () => now, refreshMarginMs: 60_000 });
    const first = await tokens.get();
    now += (3600 - 59) * 1000;
    const second = await tokens.get();
    assert.notEqual(first, second);
  });

  it('when invalidated after a 401, then the next get fetches anew', async () => {
    const tokens = new TokenSource({ customerId: 'c1', tokenUrl: url, clientId: 'id', clientSecret: 'right' });
    const first = await tokens.get();
    tokens.invalidate();
    assert.notEqual(await tokens.get(), first);
  });

  it('when the secret is wrong, then IstClientCredentialsRejectedError names the customer', async () => {
    const tokens = new TokenSource({ customerId: 'kommun-x', tokenUrl: url, clientId: 'id', clientSecret: 'wrong' });
    await assert.rejects(tokens.get(), (err: unknown) => err instanceof IstClientCredentialsRejectedError && /kommun-x/.test(err.message) && /invalid_client/.test(err.message));
  });
});
