import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import type { CustomerFile } from '../../src/config/customers.ts';
import type { PartnerFile } from '../../src/config/partners.ts';
import { addDays } from '../../src/map/validity.ts';
import type { Person, TeachingGroup } from '../../src/model/entities.ts';
import { addTeacher, endDuty } from '../../src/simulator/mutations.ts';
import type { Store } from '../../src/store/index.ts';
import { partnerFile, startTestApi, TEST_CIVICNO_KEY, TEST_SIGNING_KEY, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { exportFixture, type ExportFixture } from '../support/export-fixture.ts';
import { buildValidators } from '../support/ss12000-spec.ts';
import { startRun } from './publish-support.ts';
import { MODEL_VERSION } from '../../src/model/entities.ts';

// The partner API over real HTTP on an exported, published simulated customer: every SS 12000 answer
// checked against the official spec, the auth matrix, grants, personnummer rules, paging across a
// publish, incremental reads, the feed. Real Postgres under `npm test` (PGlite when run alone).

type Rec = Record<string, unknown>;
const backend = testDatabases().at(-1)!;
const validators = buildValidators();
const RESOURCES = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'] as const;
const SECRET = { lms: 'lms-secret-0123456789', other: 'other-secret-0123456789' };
const KEY = { idp: 'idp-key-secret-0123456789', limited: 'limited-key-secret-01234' };

function valid(resource: string, body: unknown): void {
  const error = validators.get(resource)!(body);
  assert.equal(error, undefined, `${resource}: ${error}`);
}

// The suite body sets up (async): the fixture's own after-hooks then belong to the suite, not to one test.
await describe(`partner API over real HTTP, store on ${backend.name}`, async () => {
  let fx: ExportFixture;
  let store: Store;
  let dispose: () => Promise<void>;
  let customers: CustomerFile;
  let partners: PartnerFile;
  let api: TestApi;
  let lmsToken: string;
  let base: string;
  const env = () => ({ ...fx.env, CIVICNO_KEY: TEST_CIVICNO_KEY });

  {
    fx = await exportFixture({ size: 'small', seed: 5 }, { customer: { forwardCivicNo: true } });
    ({ store, dispose } = await backend.open());
    const run = await fx.withWorker(store, async () => (await startRun(fx)).result(), { env: env() });
    assert.ok(run.publication, 'the first run publishes');
    customers = { ...fx.config, customers: [...fx.config.customers, { ...fx.config.customers[0]!, id: 'kommun-b', extensId: 'OTHER1' }] };
    partners = await partnerFile(
      [
        { id: 'lms', customers: [fx.customerId], civicNo: true, secret: SECRET.lms },
        { id: 'idp', customers: [fx.customerId], apiKeySecret: KEY.idp },
        { id: 'other', customers: ['kommun-b'], secret: SECRET.other },
        { id: 'limited', customers: [fx.customerId], apiKeySecret: KEY.limited, rateLimitPerMinute: 3 },
      ],
      customers,
    );
    api = await startTestApi(store, customers, partners, env());
    lmsToken = await api.token('lms', SECRET.lms);
    base = `${api.url}/ss12000/source/${fx.customerId}/v2.0`;
  }
  after(async () => {
    await api?.close();
    await dispose?.();
  });

  const get = async (url: string, headers: Record<string, string> = { authorization: `Bearer ${lmsToken}` }) => {
    const started = Date.now();
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    if (Date.now() - started > 2000) console.error(`slow: ${Date.now() - started} ms ${url}`);
    return { status: res.status, body: (await res.json()) as Rec, headers: res.headers };
  };

  /** Every record of a list, page by page, each page checked against the spec. */
  async function readAll(resource: string, query = '', limit = 25, headers?: Record<string, string>): Promise<Rec[]> {
    const out: Rec[] = [];
    let url = `${base}/${resource}?limit=${limit}${query}`;
    for (;;) {
      const { status, body } = await get(url, headers);
      assert.equal(status, 200, `${resource}: ${JSON.stringify(body)}`);
      valid(resource, body);
      out.push(...(body.data as Rec[]));
      if (!body.pageToken) return out;
      url = `${base}/${resource}?limit=${limit}&pageToken=${encodeURIComponent(body.pageToken as string)}`;
    }
  }

  it('when every list is read page by page (with and without expand), then each page validates against SS 12000 v2.1 and the lists hold exactly the published model', async () => {
    const pub = (await store.publications.current(fx.customerId))!;
    const persons = await store.snapshots.entities<Person>(pub.runId, 'person');
    const groups = await store.snapshots.entities<TeachingGroup>(pub.runId, 'teachingGroup');
    const counts = await store.publications.publishedCounts(fx.customerId);
    const lists = Object.fromEntries(await Promise.all(RESOURCES.map(async (r) => [r, await readAll(r)] as const)));
    for (const r of RESOURCES) assert.equal(new Set(lists[r]!.map((x) => x.id)).size, lists[r]!.length, `${r}: an id twice across pages`);
    assert.equal(lists.organisations!.length, counts.school! + 1, 'the schools and their huvudman');
    assert.equal(lists.persons!.length, counts.person);
    assert.equal(lists.groups!.length, counts.class! + counts.teachingGroup!);
    assert.equal(lists.duties!.length, persons.reduce((n, p) => n + p.duties.length, 0));
    assert.equal(lists.activities!.length, groups.reduce((n, g) => n + (g.courses.length || (g.teacherIds.length ? 1 : 0)), 0));
    assert.equal(lists.syllabuses!.length, new Set(groups.flatMap((g) => g.courses.map((c) => c.syllabusId))).size);

    const expanded = await readAll('persons', '&expand=duties&expand=groupMemberships', 40);
    const staff = expanded.find((p) => ((p._embedded as Rec).duties as Rec[]).length > 0)!;
    assert.ok(staff, 'expand=duties embeds duties');
    assert.ok(expanded.some((p) => ((p._embedded as Rec).groupMemberships as Rec[]).length > 0), 'expand=groupMemberships embeds groups');
    // The simulator has no mentors, so assignmentRoles are empty here; their shape is checked in test/unit/api.
    const g = await readAll('groups', '&expand=assignmentRoles', 40);
    assert.ok(g.every((x) => Array.isArray((x._embedded as Rec).assignmentRoles)));
    const d = await readAll('duties', '&expand=person', 40);
    assert.ok(d.every((x) => ((x._embedded as Rec).person as Rec).id === (x.person as Rec).id), 'expand=person embeds the duty holder');
    const a = await readAll('activities', '&expand[]=groups&expand[]=teachers&expand[]=syllabus', 40);
    assert.ok(a.every((x) => ((x._embedded as Rec).groups as Rec[]).length === 1));

    // Single reads and lookups answer the same records.
    for (const r of RESOURCES) {
      const first = lists[r]![0]!;
      const one = await get(`${base}/${r}/${first.id as string}`);
      assert.equal(one.status, 200, r);
      valid(r, { data: [one.body] });
      assert.deepEqual(one.body, first);
      const res = await fetch(`${base}/${r}/lookup`, { method: 'POST', headers: { authorization: `Bearer ${lmsToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ ids: lists[r]!.slice(0, 3).map((x) => x.id) }) });
      const found = (await res.json()) as Rec[];
      valid(r, { data: found });
      assert.deepEqual(new Set(found.map((x) => x.id)), new Set(lists[r]!.slice(0, 3).map((x) => x.id)));
    }
    const missing = await get(`${base}/persons/00000000-0000-4000-8000-000000000000`);
    assert.equal(missing.status, 404);
    valid('Error', missing.body);
    const bad = await get(`${base}/persons?limit=zero`);
    assert.equal(bad.status, 400);
    valid('Error', bad.body);
    const combined = await get(`${base}/persons?pageToken=x&meta.modified.after=2020-01-01T00:00:00Z`);
    assert.equal(combined.status, 400, 'pageToken cannot be combined with a filter');
  });

  it('when partners call with no credential, a wrong secret, an expired or forged token, an API key, or for a customer not granted, then 401/403 as SS 12000 errors and the access log names partner, customer, route, status, records', async () => {
    assert.equal((await get(`${base}/persons`, {})).status, 401);
    const wrong = await fetch(`${api.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=lms&client_secret=nope` });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as Rec).error, 'invalid_client');
    const basic = await fetch(`${api.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`lms:${SECRET.lms}`).toString('base64')}` }, body: 'grant_type=client_credentials' });
    const issued = (await basic.json()) as Rec;
    assert.equal(basic.status, 200);
    assert.equal(issued.token_type, 'Bearer');
    assert.equal(issued.expires_in, 900);

    const key = new TextEncoder().encode(TEST_SIGNING_KEY);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('lms').setIssuer('ist-export').setAudience('ist-export-api').setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    const exp = await get(`${base}/persons`, { authorization: `Bearer ${expired}` });
    assert.equal(exp.status, 401);
    assert.equal(exp.body.code, 'token_expired');
    valid('Error', exp.body);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('lms').setIssuer('ist-export').setAudience('ist-export-api').setExpirationTime('5m').sign(new TextEncoder().encode('another-key-0123456789abcdef0123456789'));
    assert.equal((await get(`${base}/persons`, { authorization: `Bearer ${forged}` })).status, 401);

    const keyed = await get(`${base}/persons?limit=2`, { 'x-api-key': `idp.${KEY.idp}` });
    assert.equal(keyed.status, 200);
    assert.equal((await get(`${base}/persons?limit=2`, { 'x-api-key': `idp.wrong` })).status, 401);
    assert.equal((await get(`${base}/persons?limit=2`, { 'x-api-key': `lms.${KEY.idp}` })).status, 401, 'a key is bound to its partner');

    const otherToken = await api.token('other', SECRET.other);
    const denied = await get(`${base}/persons?limit=2`, { authorization: `Bearer ${otherToken}` });
    assert.equal(denied.status, 403);
    valid('Error', denied.body);
    const someId = ((await get(`${base}/persons?limit=1`)).body.data as Rec[])[0]!.id as string;
    assert.equal((await get(`${base}/persons/${someId}`, { authorization: `Bearer ${otherToken}` })).status, 403);
    const own = await get(`${api.url}/ss12000/source/kommun-b/v2.0/persons/${someId}`, { authorization: `Bearer ${otherToken}` });
    assert.equal(own.status, 404, "another customer's id is not found on the partner's own paths");
    assert.equal((await get(`${api.url}/feeds/${fx.customerId}/changes`, { authorization: `Bearer ${otherToken}` })).status, 403);

    const line = api.accessLog.find((l) => l.partner === 'idp' && l.status === 200)!;
    assert.deepEqual(Object.keys(line).filter((k) => ['partner', 'customer', 'route', 'status', 'records', 'ms'].includes(k)).sort(), ['customer', 'ms', 'partner', 'records', 'route', 'status']);
    assert.equal(line.customer, fx.customerId);
    assert.equal(line.route, '/ss12000/source/:customerId/v2.0/persons');
    assert.equal(line.records, 2);
    assert.ok(api.accessLog.some((l) => l.partner === 'other' && l.status === 403));
  });

  it('when a partner passes its rate limit, then it gets 429 with an SS 12000 error body while other partners go on', async () => {
    const h = { 'x-api-key': `limited.${KEY.limited}` };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(`${base}/organisations?limit=1`, h)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await get(`${base}/organisations?limit=1`, h);
    valid('Error', limited.body);
    assert.equal(limited.body.code, 'rate_limited');
    assert.equal((await get(`${base}/organisations?limit=1`, { 'x-api-key': `idp.${KEY.idp}` })).status, 200);
  });

  it('when personnummer are asked for: in clear only for customer forwardCivicNo × partner allowed, never for protected identity, never in the log', async () => {
    const raw = await simulatedCivicNos(fx);
    const protectedIds = new Set([...raw].filter(([, p]) => p.marked).map(([id]) => id));
    const check = async (label: string, persons: Rec[], expectNumbers: boolean) => {
      const withNo = persons.filter((p) => p.civicNo);
      if (expectNumbers) assert.ok(withNo.length > 0, `${label}: numbers go out`);
      else assert.equal(withNo.length, 0, `${label}: no number goes out`);
      for (const p of withNo) {
        assert.equal(protectedIds.has(p.id as string), false, `${label}: a protected person's number went out`);
        assert.equal((p.civicNo as Rec).value, raw.get(p.id as string)?.civicNo, `${label}: the number is the one IST holds`);
      }
      assert.ok(persons.some((p) => protectedIds.has(p.id as string) && p.securityMarking !== 'Ingen'), `${label}: protected persons are served, marked`);
    };
    await check('forwarding customer × allowed partner', await readAll('persons', '', 200), true);
    await check('forwarding customer × partner not allowed', await readAll('persons', '', 200, { 'x-api-key': `idp.${KEY.idp}` }), false);

    // The same store read by an instance whose customer file no longer forwards: nothing goes out.
    const notForwarding = { ...customers, customers: customers.customers.map((c) => ({ ...c, forwardCivicNo: false })) };
    const api2 = await startTestApi(store, notForwarding, partners, env());
    try {
      const t = await api2.token('lms', SECRET.lms);
      const out: Rec[] = [];
      let url = `${api2.url}/ss12000/source/${fx.customerId}/v2.0/persons?limit=500`;
      for (;;) {
        const body = (await (await fetch(url, { headers: { authorization: `Bearer ${t}` } })).json()) as Rec;
        out.push(...(body.data as Rec[]));
        if (!body.pageToken) break;
        url = `${api2.url}/ss12000/source/${fx.customerId}/v2.0/persons?pageToken=${body.pageToken as string}`;
      }
      await check('customer not forwarding × allowed partner', out, false);
      const feed = (await (await fetch(`${api2.url}/feeds/${fx.customerId}/changes?limit=5000`, { headers: { authorization: `Bearer ${t}` } })).json()) as { changes: { content: Rec | null }[] };
      assert.equal(feed.changes.filter((c) => c.content?.civicNo).length, 0, 'the feed follows the same rule');
    } finally {
      await api2.close();
    }

    // Lookup by personnummer: for an allowed partner only.
    const [someId, some] = [...raw].find(([, p]) => !p.marked && p.civicNo)!;
    const lookup = (h: Record<string, string>) => fetch(`${base}/persons/lookup`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ civicNos: [some.civicNo] }) });
    const found = (await (await lookup({ authorization: `Bearer ${lmsToken}` })).json()) as Rec[];
    assert.deepEqual(found.map((p) => p.id), [someId]);
    assert.equal((await lookup({ 'x-api-key': `idp.${KEY.idp}` })).status, 403);

    const log = api.rawLog.join('\n');
    for (const [, p] of raw) if (p.civicNo) assert.equal(log.includes(p.civicNo), false, 'a personnummer is in the log');
  });

  it('when a new run publishes between two pages, then the listing goes on in the state it began with; a new listing, meta.modified.after and /deletedEntities show the change', async () => {
    const before = await readAll('persons', '', 500);
    const first = await get(`${base}/persons?limit=20`);
    const pub1 = (await store.publications.current(fx.customerId))!;
    const persons = await store.snapshots.entities<Person>(pub1.runId, 'person');
    const leaver = persons.find((p) => p.roles.join() === 'staff' && p.duties.length === 1 && p.id > ((first.body.data as Rec[]).at(-1)!.id as string))!;
    const newcomer = { personId: 'ffffffff-7d3b-4e8a-9c6d-000000000001', dutyId: 'ffffffff-7d3b-4e8a-9c6d-000000000002' };
    fx.simulator.mutate(fx.extensId, [
      addTeacher({ ...newcomer, schoolId: leaver.duties[0]!.schoolId, givenName: 'Ny', familyName: 'Lärare', email: 'ny.larare@example.org', startDate: addDays(fx.runDate, -1) }),
      endDuty(leaver.duties[0]!.dutyId, addDays(fx.runDate, -1)),
    ]);
    const publishedBefore = new Date();
    const second = await fx.withWorker(store, async () => (await startRun(fx)).result(), { env: env() });
    assert.ok((second.publication?.lastSeq ?? 0) > pub1.lastSeq, 'the second run published');

    // The rest of the first listing: the state of publication 1, across the publish.
    const rest: Rec[] = [...(first.body.data as Rec[])];
    let token = first.body.pageToken as string | undefined;
    while (token) {
      const page = await get(`${base}/persons?limit=20&pageToken=${encodeURIComponent(token)}`);
      valid('persons', page.body);
      rest.push(...(page.body.data as Rec[]));
      token = page.body.pageToken as string | undefined;
    }
    assert.deepEqual(rest, before, 'a listing begun before the publish reads the state it began with');

    const now = await readAll('persons', '', 500);
    const ids = new Set(now.map((p) => p.id));
    assert.ok(ids.has(newcomer.personId) && !ids.has(leaver.id), 'a new listing reads the new state');

    const changed = await readAll('persons', `&meta.modified.after=${encodeURIComponent(publishedBefore.toISOString())}`, 500);
    assert.deepEqual(changed.map((p) => p.id), [newcomer.personId], 'meta.modified.after: what the run changed');
    const deleted = await get(`${base}/deletedEntities?after=${encodeURIComponent(publishedBefore.toISOString())}&entities=Person&entities=Duty`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body.data, { persons: [leaver.id], duties: [leaver.duties[0]!.dutyId] });
  });

  it('when the feed is read, then changes carry the model version, the NDJSON state has an ETag honoured by If-None-Match, and the OpenAPI document describes the feed', async () => {
    const auth = { authorization: `Bearer ${lmsToken}` };
    const page = await get(`${api.url}/feeds/${fx.customerId}/changes?after=0&limit=10`, auth);
    assert.equal(page.status, 200);
    assert.equal(page.body.modelVersion, MODEL_VERSION);
    assert.equal((page.body.changes as Rec[]).length, 10);
    assert.equal(page.body.next, 10);
    const res = await fetch(`${api.url}/feeds/${fx.customerId}/state/person`, { headers: auth });
    assert.equal(res.status, 200);
    const etag = res.headers.get('etag')!;
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Rec);
    assert.equal(lines.length, (await store.publications.publishedCounts(fx.customerId)).person);
    assert.ok(lines.some((p) => typeof p.civicNo === 'string' && /^\d{12}$|^\d{8}[A-Z]{2}\d{2}$/.test(p.civicNo as string)), 'numbers in clear for this partner');
    assert.equal((await fetch(`${api.url}/feeds/${fx.customerId}/state/person`, { headers: { ...auth, 'if-none-match': etag } })).status, 304);
    const doc = (await (await fetch(`${api.url}/feeds/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/feeds/{customerId}/changes', '/feeds/{customerId}/state/{entityType}']);
  });
});

/** IST's own numbers and markings, read from the simulator over HTTP. */
async function simulatedCivicNos(fx: ExportFixture): Promise<Map<string, { civicNo?: string; marked: boolean }>> {
  const tokenRes = await fetch(fx.simulator.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=test-client&client_secret=test-secret' });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const out = new Map<string, { civicNo?: string; marked: boolean }>();
  let pageToken: string | undefined;
  do {
    const url = new URL(`${fx.simulator.apiBaseUrl}/source/${fx.extensId}/v2.0/persons`);
    url.searchParams.set('limit', '500');
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    const body = (await (await fetch(url, { headers: { authorization: `Bearer ${access_token}` } })).json()) as { data: { id: string; civicNo?: { value: string }; securityMarking?: string }[]; pageToken?: string | null };
    for (const p of body.data) out.set(p.id, { ...(p.civicNo ? { civicNo: p.civicNo.value } : {}), marked: (p.securityMarking ?? 'Ingen') !== 'Ingen' });
    pageToken = body.pageToken ?? undefined;
  } while (pageToken);
  return out;
}
