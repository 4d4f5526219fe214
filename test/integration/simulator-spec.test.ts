// Validates the simulator's HTTP behaviour and every response body against the official SS 12000 v2.1 spec.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildValidators } from '../support/ss12000-spec.ts';
import { startSimulator, type RunningSimulator, type TenantStats } from '../../src/simulator/index.ts';

const REF = '2025-03-15';
const RESOURCES = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'] as const;
type Resource = (typeof RESOURCES)[number];
const EXPANDS: Record<Resource, string[]> = {
  organisations: [], persons: ['duties', 'groupMemberships', 'responsibles'], duties: ['person'],
  groups: ['assignmentRoles'], activities: ['teachers', 'groups', 'syllabus'], syllabuses: [],
};
const STAT_KEY: Record<Resource, keyof TenantStats> = {
  organisations: 'organisations', persons: 'persons', duties: 'duties', groups: 'groups', activities: 'activities', syllabuses: 'syllabuses',
};

type Json = Record<string, unknown>;

let sim: RunningSimulator;
let validators: Map<string, (body: unknown) => string | undefined>;
const tokens: Record<string, string> = {};

async function getToken(clientId: string, secret: string): Promise<string> {
  const res = await fetch(sim.tokenUrl, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as Json;
  assert.equal(body.token_type, 'Bearer');
  return body.access_token as string;
}

async function get(customer: string, resource: string, query = '', token: string | null = tokens.main ?? null): Promise<{ status: number; body: Json; text: string; type: string | null }> {
  const res = await fetch(`${sim.apiBaseUrl}/source/${customer}/v2.0/${resource}${query ? `?${query}` : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Json, text, type: res.headers.get('content-type') };
}

async function fetchAll(customer: string, resource: Resource, extra = '', limit = 100): Promise<Json[]> {
  const all: Json[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const q = pageToken ? `limit=${limit}&pageToken=${encodeURIComponent(pageToken)}` : `limit=${limit}${extra ? `&${extra}` : ''}`;
    const res = await get(customer, resource, q);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.type, 'application/json; charset=utf-8');
    const problem = validators.get(resource)?.(res.body);
    assert.equal(problem, undefined, `${resource}?${q}: ${problem}`);
    const data = res.body.data as Json[];
    assert.ok(data.length <= limit);
    all.push(...data);
    pageToken = res.body.pageToken as string | undefined;
    if (!pageToken) return all;
    assert.equal(data.length, limit, 'only the last page may be short');
  }
  throw new Error('paging did not terminate');
}

before(async () => {
  validators = buildValidators();
  sim = await startSimulator({
    maxPageSize: 500,
    tenants: [
      { customerId: 'DEMO0001', seed: 1, size: 'small', clientId: 'demo', clientSecret: 'demo-secret', referenceDate: REF },
      { customerId: 'TWIN0001', seed: 1, size: 'small', clientId: 'demo', clientSecret: 'demo-secret', referenceDate: REF },
      { customerId: 'SEED0002', seed: 2, size: 'small', clientId: 'demo', clientSecret: 'demo-secret', referenceDate: REF },
      { customerId: 'OTHER001', seed: 3, size: 'tiny', clientId: 'other', clientSecret: 'other-secret', referenceDate: REF },
    ],
  });
  tokens.main = await getToken('demo', 'demo-secret');
  tokens.other = await getToken('other', 'other-secret');
});

after(async () => {
  await sim.close();
});

void describe('simulator vs SS 12000 v2.1 spec', () => {
  const seen = new Map<Resource, Json[]>();

  for (const resource of RESOURCES) {
    void it(`pages ${resource} completely, valid, each record once`, async () => {
      const all = await fetchAll('DEMO0001', resource);
      const ids = all.map((r) => r.id as string);
      assert.equal(new Set(ids).size, ids.length, 'ids unique');
      assert.equal(all.length, sim.stats('DEMO0001')[STAT_KEY[resource]]);
      seen.set(resource, all);
    });
    for (const expand of [...EXPANDS[resource], ...(EXPANDS[resource].length > 1 ? [EXPANDS[resource].join(',')] : [])]) {
      void it(`${resource} with expand=${expand} is valid`, async () => {
        const all = await fetchAll('DEMO0001', resource, `expand=${expand}`, 250);
        assert.equal(all.length, sim.stats('DEMO0001')[STAT_KEY[resource]]);
      });
    }
  }

  void it('references resolve', async () => {
    const ids = (r: Resource): Set<string> => new Set((seen.get(r) ?? []).map((x) => x.id as string));
    const orgs = ids('organisations');
    const persons = ids('persons');
    const duties = ids('duties');
    const groups = ids('groups');
    const syllabuses = ids('syllabuses');
    for (const d of seen.get('duties') ?? []) {
      assert.ok(orgs.has((d.dutyAt as Json).id as string));
      assert.ok(persons.has((d.person as Json).id as string));
    }
    for (const a of seen.get('activities') ?? []) {
      for (const t of a.teachers as Json[]) assert.ok(duties.has((t.duty as Json).id as string), 'teacher is a duty id');
      for (const g of a.groups as Json[]) assert.ok(groups.has(g.id as string));
      assert.ok(syllabuses.has((a.syllabus as Json).id as string));
      assert.ok(orgs.has((a.organisation as Json).id as string));
    }
    for (const g of seen.get('groups') ?? []) {
      for (const m of g.groupMemberships as Json[]) assert.ok(persons.has((m.person as Json).id as string));
    }
    for (const p of seen.get('persons') ?? []) {
      for (const e of (p.enrolments as Json[] | undefined) ?? []) assert.ok(orgs.has((e.enroledAt as Json).id as string));
    }
  });

  void it('accepts expand[]= and repeated expand', async () => {
    const a = await get('DEMO0001', 'persons', 'limit=5&expand[]=duties&expand[]=groupMemberships');
    assert.equal(a.status, 200, a.text.slice(0, 300));
    const b = await get('DEMO0001', 'persons', 'limit=5&expand=groupMemberships&expand=duties');
    assert.equal(a.text.replace(/"pageToken":"[^"]*"/, ''), b.text.replace(/"pageToken":"[^"]*"/, ''));
    const first = (a.body.data as Json[])[0] as Json;
    assert.ok(Array.isArray((first._embedded as Json).groupMemberships));
  });

  void it('rejects bad requests with {code,message}', async () => {
    const cases: Array<[number, Promise<{ status: number; body: Json }>]> = [
      [401, get('DEMO0001', 'persons', '', null)],
      [401, get('DEMO0001', 'persons', '', 'not-a-token')],
      [404, get('NOPE0001', 'persons')],
      [403, get('DEMO0001', 'persons', '', tokens.other ?? null)],
      [404, get('DEMO0001', 'placements')],
      [400, get('DEMO0001', 'persons', 'limit=0')],
      [400, get('DEMO0001', 'persons', 'limit=abc')],
      [400, get('DEMO0001', 'persons', 'expand=bogus')],
      [400, get('DEMO0001', 'groups', 'expand=duties')],
      [400, get('DEMO0001', 'persons', 'pageToken=%%%garbage')],
      [400, get('DEMO0001', 'persons', 'pageToken=eyJmb28iOjF9')],
    ];
    for (const [status, p] of cases) {
      const res = await p;
      assert.equal(res.status, status, JSON.stringify(res.body).slice(0, 300));
      assert.equal(validators.get('Error')?.(res.body), undefined);
    }
    const unauth = await get('DEMO0001', 'persons', '', null);
    assert.equal(unauth.body.code, 'unauthorized');
    assert.equal((await get('DEMO0001', 'persons', '', tokens.other ?? null)).body.code, 'forbidden');
    assert.equal((await get('NOPE0001', 'persons')).body.code, 'not_found');
  });

  void it('rejects pageToken combined with a filter', async () => {
    const first = await get('DEMO0001', 'persons', 'limit=10');
    const token = encodeURIComponent(first.body.pageToken as string);
    const res = await get('DEMO0001', 'persons', `pageToken=${token}&meta.modified.after=2020-01-01T00:00:00Z`);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'invalid_request');
    assert.equal((await get('DEMO0001', 'groups', `pageToken=${token}`)).status, 400, 'token of another listing');
    assert.equal((await get('DEMO0001', 'persons', `pageToken=${token}&limit=10`)).status, 200);
  });

  void it('clamps limit to maxPageSize', async () => {
    const res = await get('DEMO0001', 'persons', 'limit=5000');
    assert.equal((res.body.data as unknown[]).length, 500);
  });

  void it('token endpoint: bad credentials, Basic auth', async () => {
    const bad = await fetch(sim.tokenUrl, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo&client_secret=wrong',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Json).error, 'invalid_client');
    const basic = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('other:other-secret').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(basic.status, 200);
    const tok = ((await basic.json()) as Json).access_token as string;
    assert.equal((await get('OTHER001', 'organisations', '', tok ?? null)).status, 200);
  });

  void it('is deterministic per seed', async () => {
    for (const r of RESOURCES) {
      const a = await get('DEMO0001', r, 'limit=50');
      const b = await get('TWIN0001', r, 'limit=50');
      const c = await get('SEED0002', r, 'limit=50');
      assert.equal(JSON.stringify(a.body.data), JSON.stringify(b.body.data), `${r} same seed`);
      assert.notEqual(JSON.stringify(a.body.data), JSON.stringify(c.body.data), `${r} other seed`);
    }
  });

  void it('schema check is strict enough to catch a misspelled attribute', async () => {
    const res = await get('DEMO0001', 'persons', 'limit=1');
    assert.equal(validators.get('persons')?.(res.body), undefined);
    const rec = (res.body.data as Json[])[0] as Json;
    const broken = { data: [{ ...rec, enrolments: [{ ...((rec.enrolments as Json[])[0] as Json), enrolledAt: {} }] }] };
    assert.notEqual(validators.get('persons')?.(broken), undefined);
    assert.notEqual(validators.get('persons')?.({ data: [{ ...rec, givenNmae: 'x' }] }), undefined);
  });

  // Issue 11: the spec's list filters, as another SS 12000 client uses them (e.g. an importer's first request).
  void it('filters organisations?type=Huvudman, groups by groupType and organisation across pages, persons by relationship; the page token keeps the filter', async () => {
    const orgs = await fetchAll('DEMO0001', 'organisations');
    const huvudman = await fetchAll('DEMO0001', 'organisations', 'type=Huvudman');
    assert.deepEqual(huvudman.map((o) => o.id), orgs.filter((o) => o.organisationType === 'Huvudman').map((o) => o.id));
    assert.equal(huvudman.length, 1);
    assert.equal((await fetchAll('DEMO0001', 'organisations', 'type=Skolenhet&type=Huvudman')).length, orgs.length, 'array filters: any value');

    const groups = await fetchAll('DEMO0001', 'groups');
    const classes = await fetchAll('DEMO0001', 'groups', 'groupType=Klass', 7);
    assert.ok(classes.length > 7, 'spans pages');
    assert.deepEqual(classes.map((g) => g.id), groups.filter((g) => g.groupType === 'Klass').map((g) => g.id));
    const school = orgs.find((o) => o.organisationType === 'Skolenhet')!.id as string;
    assert.deepEqual((await fetchAll('DEMO0001', 'groups', `organisation=${school}`)).map((g) => g.id), groups.filter((g) => (g.organisation as Json).id === school).map((g) => g.id));
    assert.equal((await fetchAll('DEMO0001', 'duties', `organisation=${huvudman[0]!.id as string}`)).length, sim.stats('DEMO0001').duties, 'organisation includes the units below it');

    const staff = await fetchAll('DEMO0001', 'persons', 'relationship.entity.type=duty');
    const dutyPersons = new Set((await fetchAll('DEMO0001', 'duties')).map((d) => (d.person as Json).id));
    assert.deepEqual(new Set(staff.map((p) => p.id)), dutyPersons);
    const byName = await fetchAll('DEMO0001', 'persons', 'sortkey=FamilyNameAsc', 250);
    const names = byName.map((p) => p.familyName as string);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'sv')));
  });

  void it('answers an unknown filter, a value outside the code list or a bad date with 400 and an SS 12000 Error', async () => {
    for (const [resource, query, code] of [
      ['organisations', 'type=Kommun', 'invalid_filter'],
      ['organisations', 'colour=blue', 'invalid_request'],
      ['groups', 'startDate.onOrBefore=yesterday', 'invalid_filter'],
      ['persons', 'sortkey=ShoeSizeAsc', 'invalid_filter'],
      ['syllabuses', 'organisation=x', 'invalid_request'],
    ] as const) {
      const res = await get('DEMO0001', resource, query);
      assert.equal(res.status, 400, `${resource}?${query}`);
      assert.equal(res.body.code, code, `${resource}?${query}`);
      assert.equal(validators.get('Error')?.(res.body), undefined);
    }
  });

  void it('logs requests', () => {
    const entry = sim.requestLog.find((e) => e.resource === 'persons' && e.status === 200);
    assert.ok(entry);
    assert.equal(entry.customerId, 'DEMO0001');
    assert.equal(typeof entry.count, 'number');
  });
});
