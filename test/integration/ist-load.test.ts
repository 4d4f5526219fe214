// Load: per-customer concurrency and rate caps, and isolation between customers on one worker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IstClients } from '../../activities/ist-clients.ts';
import { findCustomer, parseCustomerFile, type CustomerFile } from '../../src/config/customers.ts';
import { paginate } from '../../src/ist/paging.ts';
import type { IstClient } from '../../src/ist/client.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';

let sim: RunningSimulator;
let config: CustomerFile;
const env = { A_ID: 'a', A_SECRET: 'a-secret', B_ID: 'b', B_SECRET: 'b-secret' };

before(async () => {
  sim = await startSimulator({
    tenants: [
      { customerId: 'SLOW0001', seed: 1, size: 'tiny', clientId: 'a', clientSecret: 'a-secret', referenceDate: '2025-03-15' },
      { customerId: 'FAST0001', seed: 2, size: 'tiny', clientId: 'b', clientSecret: 'b-secret', referenceDate: '2025-03-15' },
    ],
  });
  const base = { apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl, tier: 'silver' };
  config = parseCustomerFile({
    customers: [
      { ...base, id: 'slow', name: 'Slow', extensId: 'SLOW0001', clientIdEnv: 'A_ID', clientSecretEnv: 'A_SECRET', requestConcurrency: 2, requestsPerSecond: 100 },
      { ...base, id: 'fast', name: 'Fast', extensId: 'FAST0001', clientIdEnv: 'B_ID', clientSecretEnv: 'B_SECRET', requestsPerSecond: 100 },
      { ...base, id: 'paced', name: 'Paced', extensId: 'FAST0001', clientIdEnv: 'B_ID', clientSecretEnv: 'B_SECRET', requestsPerSecond: 10 },
    ],
  }, 'test', {});
});
after(() => sim.close());

async function drain(client: IstClient, resource: 'persons' | 'duties', limit: number): Promise<number> {
  let n = 0;
  for await (const page of paginate(resource, (pageToken) => client.listPage(resource, { limit, pageToken }))) n += page.records.length;
  return n;
}

describe('IstClients load limits', () => {
  it('when one customer is slow, then another customer on the same worker is not slowed', async () => {
    sim.faults.set({ customers: ['SLOW0001'], latency: { headersMs: 1500 } });
    const clients = new IstClients(config, env);
    try {
      const started = Date.now();
      const slow = Promise.all([drain(clients.for(findCustomer(config, 'slow')), 'persons', 50), drain(clients.for(findCustomer(config, 'slow')), 'duties', 50), drain(clients.for(findCustomer(config, 'slow')), 'persons', 50)]);
      const fastCount = await drain(clients.for(findCustomer(config, 'fast')), 'persons', 5);
      const fastMs = Date.now() - started;
      assert.equal(fastCount, sim.stats('FAST0001').persons);
      assert.ok(fastMs < 1000, `the fast customer's ${Math.ceil(fastCount / 5)} pages took ${fastMs} ms`);
      await slow;
      const slowMs = Date.now() - started;
      assert.ok(slowMs >= 3000, `three slow requests on 2 connections need two rounds of 1.5 s, took ${slowMs} ms`);
    } finally {
      sim.faults.set({});
      await clients.close();
    }
  });

  it('when a customer allows 10 requests per second, then 10 pages take at least 0.9 s', async () => {
    const clients = new IstClients(config, env);
    try {
      const from = sim.requestLog.length;
      await drain(clients.for(findCustomer(config, 'paced')), 'persons', 5);
      const api = sim.requestLog.slice(from).filter((e) => e.customerId === 'FAST0001');
      assert.ok(api.length >= 10);
      const span = (api.at(-1)?.at ?? 0) - (api[0]?.at ?? 0);
      assert.ok(span >= (api.length - 1) * 100 - 20, `${api.length} requests in ${span} ms`);
    } finally {
      await clients.close();
    }
  });
});
