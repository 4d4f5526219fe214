// Contract: every request our IST client sends, and every answer the simulator gives it, checked
// against the official SS 12000 v2.1 spec — so the client and the simulator cannot drift apart
// from the standard together (they share no code).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { paginate } from '../../src/ist/paging.ts';
import type { IstResourceName } from '../../src/ist/resources.ts';
import { FAULT_HEADER, startSimulator, type FaultPlan, type RequestLogEntry, type RunningSimulator } from '../../src/simulator/index.ts';
import { IST_RESOURCES } from '../../workflows/contract.ts';
import { buildValidators, queryParameters } from '../support/ss12000-spec.ts';
import { simClient } from '../unit/ist/sim-client.ts';

const EXT = 'CONTRACT1';
const ROUTE = /^\/ss12000v2-api\/source\/([^/]+)\/v2\.0\/([^/]+)$/;
let sim: RunningSimulator;
let validators: ReturnType<typeof buildValidators>;

before(async () => {
  validators = buildValidators();
  sim = await startSimulator({ tenants: [{ customerId: EXT, seed: 4, size: 'tiny', clientId: 'test-client', clientSecret: 'test-secret', referenceDate: '2025-03-15' }] });
});
after(() => sim.close());

async function token(): Promise<string> {
  const res = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=test-client&client_secret=test-secret' });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Problems of one logged request against the spec's declaration of its endpoint. */
function requestProblems(entry: RequestLogEntry, arrayName: 'expand' | 'expand[]'): string[] {
  const m = ROUTE.exec(entry.path);
  if (!m) return [`path ${entry.path} is not /source/{customerId}/v2.0/{resource}`];
  const declared = queryParameters(m[2] ?? '');
  if (declared.size === 0) return [`GET /${m[2]} is not in the spec`];
  const problems: string[] = [];
  const keys = Object.keys(entry.query);
  for (const key of keys) {
    const name = key === arrayName ? 'expand' : key;
    const spec = declared.get(name);
    if (!spec) problems.push(`parameter '${key}' is not declared for GET /${m[2]}`);
    const values = [entry.query[key]].flat();
    if (values.length > 1 && !spec?.array) problems.push(`'${key}' repeated but not an array`);
    if (spec?.enum) for (const v of values) if (!spec.enum.includes(v)) problems.push(`'${key}=${v}' is not in the spec's enum`);
  }
  const limit = entry.query.limit;
  if (typeof limit !== 'string' || !/^\d+$/.test(limit) || Number(limit) < 1) problems.push(`limit '${String(limit)}' is not an integer ≥ 1`);
  if ('pageToken' in entry.query && keys.some((k) => k !== 'pageToken' && k !== 'limit')) problems.push(`pageToken combined with ${keys.join(', ')}`);
  return problems;
}

/** Read the list as the client does; with `expand`, every value the spec allows for it. */
async function readWith(style: 'repeat' | 'brackets', resource: IstResourceName, expand: boolean): Promise<void> {
  const client = simClient(sim, EXT, { arrayParamStyle: style });
  const values = expand ? ((queryParameters(resource).get('expand')?.enum ?? []) as string[]) : [];
  for await (const _ of paginate(resource, (pageToken) => client.listPage(resource, { limit: 7, pageToken, ...(values.length ? { expand: values } : {}) }))) {
    // drain
  }
}

describe('IST client vs SS 12000 v2.1 spec', () => {
  for (const style of ['repeat', 'brackets'] as const) {
    it(`when the client reads every list (style ${style}, with and without expand), then each request and each answer fits the spec`, async () => {
      const from = sim.requestLog.length;
      for (const resource of IST_RESOURCES) {
        await readWith(style, resource, false);
        if (queryParameters(resource).get('expand')?.enum) await readWith(style, resource, true);
      }
      const sent = sim.requestLog.slice(from).filter((e) => e.path !== '/connect/token');
      assert.ok(sent.length > IST_RESOURCES.length * 2, 'several pages per list');
      assert.ok(sent.some((e) => 'pageToken' in e.query) && sent.some((e) => (style === 'repeat' ? 'expand' : 'expand[]') in e.query));
      // `expand[]=` is not the spec's form (it is form/explode: expand=a&expand=b): brackets is an opt-in
      // per customer for servers that want it, so it is checked as `expand` under another name.
      const problems = sent.flatMap((e) => requestProblems(e, style === 'repeat' ? 'expand' : 'expand[]').map((p) => `${e.path}?${JSON.stringify(e.query)}: ${p}`));
      assert.deepEqual(problems, []);
      if (style === 'repeat') assert.ok(sent.every((e) => !('expand[]' in e.query)));

      const bearer = await token();
      for (const e of sent) {
        assert.equal(e.status, 200);
        const url = new URL(`${sim.url}${e.path}`);
        for (const [k, v] of Object.entries(e.query)) for (const one of [v].flat()) url.searchParams.append(k, one);
        const body = await (await fetch(url, { headers: { authorization: `Bearer ${bearer}` } })).json();
        const problem = validators.get(ROUTE.exec(e.path)?.[2] ?? '')?.(body);
        assert.equal(problem, undefined, `${url.pathname}${url.search}: ${problem}`);
      }
    });
  }

  it('when the simulator injects a fault, then its error answer is an SS 12000 Error {code, message}', async () => {
    const bearer = await token();
    const first = (await (await fetch(`${sim.apiBaseUrl}/source/${EXT}/v2.0/persons?limit=5`, { headers: { authorization: `Bearer ${bearer}` } })).json()) as { pageToken: string };
    const plans: Array<[number, FaultPlan, string]> = [
      [429, { rateLimit: { every: 1, burst: 1, retryAfterSeconds: 1 } }, 'limit=5'],
      [503, { unavailable: { afterRequests: 0, requests: Number.MAX_SAFE_INTEGER } }, 'limit=5'],
      [500, { serverErrors: { rate: 1, statuses: [500] } }, 'limit=5'],
      [410, { pageTokenMaxAgeSeconds: -1 }, `limit=5&pageToken=${encodeURIComponent(first.pageToken)}`],
      [403, { respond: { status: 403, code: 'forbidden', message: 'not opened' } }, 'limit=5'],
    ];
    for (const [status, plan, query] of plans) {
      const res = await fetch(`${sim.apiBaseUrl}/source/${EXT}/v2.0/persons?${query}`, { headers: { authorization: `Bearer ${bearer}`, [FAULT_HEADER]: JSON.stringify(plan) } });
      assert.equal(res.status, status);
      const body = await res.json();
      assert.equal(validators.get('Error')?.(body), undefined, `${status}: ${JSON.stringify(body)}`);
    }
  });
});
