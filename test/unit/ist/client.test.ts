// The IST client against the simulator over real HTTP, one fault class per test.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  IstAccessNotGrantedError,
  IstClientCredentialsRejectedError,
  IstCustomerUnknownError,
  IstPageTokenExpiredError,
  IstRequestRejectedError,
  IstUnavailableError,
} from '../../../src/ist/errors.ts';
import { UnknownCodeCollector } from '../../../src/ist/code-lists.ts';
import { checkRecords } from '../../../src/ist/records.ts';
import { IST_RESOURCES } from '../../../workflows/contract.ts';
import { startSimulator, UNKNOWN_CODE_VALUES, type FaultPlan, type RunningSimulator } from '../../../src/simulator/index.ts';
import { readAll, simClient } from './sim-client.ts';

const REF = '2025-03-15';
let sim: RunningSimulator;
const clean = new Map<string, unknown[]>();

before(async () => {
  sim = await startSimulator({
    tenants: [
      { customerId: 'EXT00001', seed: 1, size: 'tiny', clientId: 'test-client', clientSecret: 'test-secret', referenceDate: REF },
      { customerId: 'OTHER001', seed: 2, size: 'tiny', clientId: 'other-client', clientSecret: 'other-secret', referenceDate: REF },
    ],
  });
  const client = simClient(sim, 'EXT00001');
  for (const resource of IST_RESOURCES) clean.set(resource, await readAll(client, resource, 500));
});
after(() => sim.close());
beforeEach(() => {
  sim.faults.set({});
  mark = sim.faults.events.length;
});

let mark = 0;
/** Faults injected since this test began. */
const kinds = () => sim.faults.events.slice(mark).filter((e) => e.customerId === 'EXT00001').map((e) => e.kind);

/** Read persons and duties under `plan`; the data must equal the clean read. */
async function assertAbsorbed(plan: FaultPlan, kind: string, overrides: Parameters<typeof simClient>[2] = {}): Promise<void> {
  const before = sim.faults.events.length;
  sim.faults.set(plan);
  const client = simClient(sim, 'EXT00001', overrides);
  assert.deepEqual(await readAll(client, 'persons'), clean.get('persons'));
  assert.deepEqual(await readAll(client, 'duties'), clean.get('duties'));
  assert.ok(sim.faults.events.slice(before).some((e) => e.kind === kind), `the simulator injected ${kind}`);
}

describe('IstClient against the simulator', () => {
  it('when IST answers a 429 burst with Retry-After in seconds, then the retry waits that long and the data is complete', async () => {
    await assertAbsorbed({ rateLimit: { every: 3, burst: 1, retryAfterSeconds: 1 } }, 'rateLimit');
    const log = sim.requestLog.filter((e) => e.customerId === 'EXT00001');
    const i = log.findIndex((e) => e.status === 429);
    assert.ok((log[i + 1]?.at ?? 0) - (log[i]?.at ?? 0) >= 950, 'next request at least Retry-After later');
  });

  it('when Retry-After is an HTTP date, then the client waits until then', async () => {
    await assertAbsorbed({ rateLimit: { every: 50, burst: 1, retryAfterSeconds: 2, httpDate: true } }, 'rateLimit');
    const log = sim.requestLog.filter((e) => e.customerId === 'EXT00001');
    const i = log.findIndex((e) => e.status === 429);
    assert.ok((log[i + 1]?.at ?? 0) - (log[i]?.at ?? 0) >= 900, 'an HTTP-date Retry-After is honoured (second resolution)');
  });

  it('when Retry-After is longer than the in-request limit, then IstUnavailableError carries it at once for Temporal', async () => {
    sim.faults.set({ rateLimit: { every: 1, burst: 1, retryAfterSeconds: 120 } });
    const started = Date.now();
    await assert.rejects(simClient(sim, 'EXT00001').listPage('persons', { limit: 10 }), (err: unknown) => {
      assert.ok(err instanceof IstUnavailableError);
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterMs, 120_000);
      assert.match(err.message, /customer "kommun-test", resource persons: IST unavailable: HTTP 429 too_many_requests/);
      return true;
    });
    assert.ok(Date.now() - started < 2000, 'no in-request sleep of 120 s');
  });

  it('when a 503 source_unavailable window passes within the retries, then the data is complete', async () => {
    await assertAbsorbed({ unavailable: { afterRequests: 1, requests: 3 } }, 'unavailable');
  });

  it('when the 503 window outlasts the retries, then IstUnavailableError names the last cause and the tries', async () => {
    sim.faults.set({ unavailable: { afterRequests: 0, requests: 100 } });
    await assert.rejects(simClient(sim, 'EXT00001').listPage('duties', { limit: 10 }), (err: unknown) => {
      assert.ok(err instanceof IstUnavailableError);
      assert.match(err.message, /HTTP 503 source_unavailable: .*gave up after 5 tries/);
      return true;
    });
    assert.equal(kinds().filter((k) => k === 'unavailable').length, 5, 'bounded: exactly `attempts` requests');
  });

  it('when IST answers random 5xx (seeded), then the data is complete', async () => {
    await assertAbsorbed({ seed: 7, serverErrors: { rate: 0.3 } }, 'serverError');
  });

  it('when response headers come later than the headers timeout, then the request is retried', async () => {
    await assertAbsorbed({ seed: 3, latency: { rate: 0.4, headersMs: 400 } }, 'latency', { headersTimeoutMs: 150 });
  });

  it('when the body stalls longer than the body timeout, then the request is retried', async () => {
    await assertAbsorbed({ seed: 4, latency: { rate: 0.4, bodyStallMs: 400 } }, 'latency', { bodyTimeoutMs: 150 });
  });

  it('when a 200 body is truncated JSON, then the page is fetched again', async () => {
    await assertAbsorbed({ seed: 5, truncatedJson: { rate: 0.4 } }, 'truncatedJson');
  });

  it('when the connection is reset mid-body, then the page is fetched again', async () => {
    await assertAbsorbed({ seed: 7, connectionReset: { rate: 0.4 } }, 'connectionReset');
  });

  it('when the token expires mid-run, then the client refreshes it once and goes on', async () => {
    const tokenCalls = () => sim.requestLog.filter((e) => e.path === '/connect/token').length;
    const before = tokenCalls();
    await assertAbsorbed({ tokenExpiry: { afterRequests: 3 } }, 'tokenExpiry');
    assert.equal(tokenCalls() - before, 2, 'first token and one refresh');
  });

  it('when the API refuses even a fresh token, then IstClientCredentialsRejectedError after exactly one refresh', async () => {
    sim.faults.set({ respond: { status: 401, code: 'unauthorized', message: 'token not accepted' } });
    await assert.rejects(simClient(sim, 'EXT00001').listPage('persons', { limit: 10 }), (err: unknown) => {
      assert.ok(err instanceof IstClientCredentialsRejectedError);
      assert.match(err.message, /customer "kommun-test": IST refused the client id\/secret \(the API answered HTTP 401 to a freshly issued token\)/);
      return true;
    });
    assert.equal(kinds().length, 2);
  });

  it('when the token endpoint refuses the client secret, then IstClientCredentialsRejectedError names the customer', async () => {
    await assert.rejects(simClient(sim, 'EXT00001', { clientSecret: 'wrong' }).listPage('persons', { limit: 10 }), (err: unknown) => {
      assert.ok(err instanceof IstClientCredentialsRejectedError);
      assert.match(err.message, /^customer "kommun-test": IST refused the client id\/secret \(the token endpoint answered HTTP 400, invalid_client\)/);
      return true;
    });
  });

  it('when IST answers 403, then IstAccessNotGrantedError names the partner id and the extensId', async () => {
    // The credentials are good, but not for this customer: IST has not opened it to us.
    await assert.rejects(simClient(sim, 'OTHER001').listPage('persons', { limit: 10 }), (err: unknown) => {
      assert.ok(err instanceof IstAccessNotGrantedError);
      assert.match(err.message, /IST has not opened access for integration partner ISI_INTEGRATION_PARTNER_ID=PARTNER01 on ISI_EXTENS_ID=OTHER001/);
      return true;
    });
  });

  it('when IST answers 404 for the source, then IstCustomerUnknownError says to check ISI_EXTENS_ID', async () => {
    await assert.rejects(simClient(sim, 'NOSUCH01').listPage('persons', { limit: 10 }), (err: unknown) => {
      assert.ok(err instanceof IstCustomerUnknownError);
      assert.match(err.message, /IST does not know customer id ISI_EXTENS_ID=NOSUCH01 .*not_found/);
      return true;
    });
  });

  it('when IST answers 400, then IstRequestRejectedError carries IST\'s code and message', async () => {
    await assert.rejects(simClient(sim, 'EXT00001').listPage('persons', { limit: 10, expand: ['bogus'] }), (err: unknown) => {
      assert.ok(err instanceof IstRequestRejectedError);
      assert.equal(err.istCode, 'invalid_request');
      assert.match(err.message, /IST rejected the request: invalid_request: unsupported expand value 'bogus'/);
      return true;
    });
  });

  it('when a resumed pageToken is older than IST keeps it, then IstPageTokenExpiredError (the caller restarts the listing)', async () => {
    const client = simClient(sim, 'EXT00001');
    const first = await client.listPage('persons', { limit: 10 });
    sim.faults.set({ pageTokenMaxAgeSeconds: 0 });
    await new Promise((r) => setTimeout(r, 5));
    await assert.rejects(client.listPage('persons', { limit: 10, pageToken: first.nextPageToken }), IstPageTokenExpiredError);
    assert.deepEqual(kinds().slice(-1), ['pageTokenExpired'], 'not retried in-request');
  });

  it('when records are invalid, then each is quarantined with resource, id and field, and the rest pass', async () => {
    sim.faults.set({ seed: 2, invalidRecords: { rate: 0.2 } });
    const records = await readAll(simClient(sim, 'EXT00001'), 'duties', 500);
    const checked = checkRecords('duties', records);
    const expected = sim.faults.invalidRecordIds('duties');
    assert.ok(expected.length > 0);
    assert.deepEqual(checked.quarantined.map((q) => q.istId).sort(), expected);
    assert.deepEqual(new Set(checked.quarantined.map((q) => `${q.resource} ${q.field}`)), new Set(['duties dutyAt']));
    assert.equal(checked.valid.length + checked.quarantined.length, clean.get('duties')?.length);
  });

  it('when IST sends values outside the SS 12000 code lists, then each field/value is reported once with its count', async () => {
    sim.faults.set({ seed: 3, unknownCodes: { rate: 0.25 } });
    const collector = new UnknownCodeCollector('duties');
    collector.add(await readAll(simClient(sim, 'EXT00001'), 'duties', 500));
    const [entry, ...rest] = collector.result();
    assert.equal(rest.length, 0);
    assert.equal(entry?.field, 'duties.dutyRole');
    assert.equal(entry?.value, UNKNOWN_CODE_VALUES.dutyRole);
    assert.ok((entry?.records ?? 0) > 0);
  });

  it('when expand is asked with the default style, then it is sent as expand=a&expand=b; with brackets as expand[]=a', async () => {
    const repeat = await readAll(simClient(sim, 'EXT00001'), 'persons', 500, ['duties', 'groupMemberships']);
    const repeatLog = sim.requestLog.at(-1);
    const brackets = await readAll(simClient(sim, 'EXT00001', { arrayParamStyle: 'brackets' }), 'persons', 500, ['duties', 'groupMemberships']);
    const bracketLog = sim.requestLog.at(-1);
    assert.deepEqual(repeatLog?.query.expand, ['duties', 'groupMemberships']);
    assert.deepEqual(bracketLog?.query['expand[]'], ['duties', 'groupMemberships']);
    assert.deepEqual(brackets, repeat);
    assert.ok((repeat[0] as { _embedded?: unknown })._embedded, 'the server expanded');
  });
});
