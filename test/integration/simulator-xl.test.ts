// The xl tenant must serve any page without generating the whole tenant first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { encodePageToken } from '../../src/simulator/paging.ts';

let sim: RunningSimulator;
let token: string;

before(async () => {
  sim = await startSimulator({ tenants: [{ customerId: 'XL000001', seed: 9, size: 'xl', clientId: 'xl', clientSecret: 'xl-secret', referenceDate: '2025-03-15' }] });
  const res = await fetch(sim.tokenUrl, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=xl&client_secret=xl-secret',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});

after(async () => {
  await sim.close();
});

async function timedGet(resource: string, query: string): Promise<{ ms: number; body: { data: unknown[]; pageToken?: string } }> {
  const t0 = performance.now();
  const res = await fetch(`${sim.apiBaseUrl}/source/XL000001/v2.0/${resource}?${query}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: unknown[]; pageToken?: string };
  return { ms: performance.now() - t0, body };
}

void describe('xl tenant', () => {
  void it('serves the first and a deep persons page quickly', async () => {
    const first = await timedGet('persons', 'limit=1000&expand=groupMemberships');
    assert.equal(first.body.data.length, 1000);
    assert.ok(first.body.pageToken);
    assert.ok(first.ms < 3000, `first page took ${first.ms} ms`);
    const deep = encodePageToken({ r: 'persons', c: 'XL000001', o: 105_000, e: [], t: Date.now() });
    const d = await timedGet('persons', `limit=1000&pageToken=${deep}`);
    assert.equal(d.body.data.length, 1000);
    assert.ok(d.ms < 3000, `deep page took ${d.ms} ms`);
  });

  void it('serves a deep groups page quickly', async () => {
    const deep = encodePageToken({ r: 'groups', c: 'XL000001', o: 20_000, e: [], t: Date.now() });
    const d = await timedGet('groups', `limit=200&pageToken=${deep}`);
    assert.equal(d.body.data.length, 200);
    assert.ok(d.ms < 3000, `deep groups page took ${d.ms} ms`);
  });

  void it('has the advertised scale', () => {
    const s = sim.stats('XL000001');
    // The stated sizes (~12k staff, ~15k duties, ~900k memberships) within the spread seeds give (about ±6 %).
    assert.ok(s.students > 120_000 && s.students < 145_000, `students ${s.students}`);
    assert.ok(s.staff > 11_400 && s.staff < 13_000, `staff ${s.staff}`);
    assert.ok(s.duties > 14_250 && s.duties < 16_000, `duties ${s.duties}`);
    assert.ok(s.groups > 20_000, `groups ${s.groups}`);
    assert.ok(s.groupMemberships > 855_000 && s.groupMemberships < 960_000, `memberships ${s.groupMemberships}`);
  });
});
