import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Faults } from '../../../src/simulator/faults.ts';

const req = { customerId: 'A', resource: 'persons' as const, offset: 0 };

describe('simulator fault plan', () => {
  it('when no plan is set, then nothing is injected', () => {
    const faults = new Faults({}, () => undefined);
    for (let i = 0; i < 50; i++) assert.deepEqual(faults.decide(req), { delivery: {} });
    assert.equal(faults.events.length, 0);
  });

  it('when the same seeded plan sees the same requests, then it injects the same faults', () => {
    const run = () => {
      const faults = new Faults({ seed: 9, serverErrors: { rate: 0.3 }, truncatedJson: { rate: 0.2 } }, () => undefined);
      for (let i = 0; i < 100; i++) faults.decide(req);
      return faults.events.map((e) => `${e.request}:${e.kind}`);
    };
    const a = run();
    assert.deepEqual(run(), a);
    assert.ok(a.length > 20 && a.length < 60, `about half of 100 requests, got ${a.length}`);
  });

  it('when a 429 burst plan is set, then the first `burst` of every `every` requests get 429 with Retry-After', () => {
    const faults = new Faults({ rateLimit: { every: 4, burst: 2, retryAfterSeconds: 3 } }, () => undefined);
    const statuses = Array.from({ length: 8 }, () => faults.decide(req).reply?.status ?? 200);
    assert.deepEqual(statuses, [429, 429, 200, 200, 429, 429, 200, 200]);
    assert.equal(new Faults({ rateLimit: { every: 1, burst: 1, retryAfterSeconds: 3 } }, () => undefined).decide(req).reply?.headers?.['retry-after'], '3');
  });

  it('when the plan names other customers, then this customer is left alone', () => {
    const faults = new Faults({ customers: ['B'], unavailable: { afterRequests: 0, requests: 10 } }, () => undefined);
    assert.equal(faults.decide(req).reply, undefined);
    assert.equal(faults.decide({ ...req, customerId: 'B' }).reply?.status, 503);
  });

  it('when token expiry is planned, then tokens are revoked once at that request', () => {
    let revoked = 0;
    const faults = new Faults({ tokenExpiry: { afterRequests: 2 } }, () => revoked++);
    assert.deepEqual([faults.decide(req), faults.decide(req), faults.decide(req)].map((d) => d.reply?.status ?? 200), [200, 401, 200]);
    assert.equal(revoked, 1);
  });

  it('when invalid records are planned, then the same record indexes are corrupted on every read', () => {
    const faults = new Faults({ seed: 1, invalidRecords: { rate: 0.5 } }, () => undefined);
    const read = () => Array.from({ length: 20 }, (_, i) => faults.decide(req).transform?.({ id: `p${i}`, familyName: 'x' }, i)).map((r) => 'familyName' in (r ?? {}));
    assert.deepEqual(read(), read());
    assert.ok(faults.invalidRecordIds('persons').length > 0);
  });
});
