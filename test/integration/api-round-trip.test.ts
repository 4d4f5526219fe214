import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCustomerFile } from '../../src/config/customers.ts';
import { addDays } from '../../src/map/validity.ts';
import type { Person, SchoolClass, TeachingGroup } from '../../src/model/entities.ts';
import { addTeacher, endDuty, moveStudent, renameGroup } from '../../src/simulator/mutations.ts';
import type { Store } from '../../src/store/index.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { partnerFile, startTestApi, TEST_CIVICNO_KEY, type TestApi } from '../support/api.ts';
import { testDatabases, withStore } from '../support/databases.ts';
import { exportFixture, type ExportFixture } from '../support/export-fixture.ts';
import { startRun } from './publish-support.ts';

// The proof that our SS 12000 side says what our model says: export a simulated customer and publish
// it, then export a second customer whose IST is our own API (token endpoint ours too), through the
// same IST client, paging, wire schemas and mapping. Both published snapshots must be identical, also
// after a second run with changes; and reading the changes incrementally (meta.modified.after and
// /deletedEntities) must give what a full read gives.

type Rec = Record<string, unknown>;
const backend = testDatabases().at(-1)!;
const TYPES = ['school', 'person', 'class', 'teachingGroup'] as const;
const INCREMENTAL = ['organisations', 'persons', 'duties', 'groups', 'activities'] as const;
const DELETED_KEY: Record<(typeof INCREMENTAL)[number], string> = { organisations: 'organisations', persons: 'persons', duties: 'duties', groups: 'groups', activities: 'activitites' };

async function assertSameSnapshot(store: Store, firstRunId: string, secondRunId: string, label: string): Promise<void> {
  for (const type of TYPES) {
    const a = await store.snapshots.entities(firstRunId, type);
    const b = await store.snapshots.entities(secondRunId, type);
    assert.ok(a.length > 0, `${label}: ${type} is not empty`);
    assert.deepEqual(b, a, `${label}: ${type} differs after the round trip`);
  }
}

async function readAll(api: TestApi, token: string, customerId: string, resource: string, query = ''): Promise<Map<string, Rec>> {
  const base = `${api.url}/ss12000/source/${customerId}/v2.0/${resource}`;
  const out = new Map<string, Rec>();
  let url = `${base}?limit=200${query}`;
  for (;;) {
    const body = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) })).json()) as { data: Rec[]; pageToken?: string };
    for (const r of body.data) out.set(r.id as string, r);
    if (!body.pageToken) return out;
    url = `${base}?limit=200&pageToken=${encodeURIComponent(body.pageToken)}`;
  }
}

await describe(`round trip through our own SS 12000 API, store on ${backend.name}`, async () => {
  it('when a second customer reads the first one from our API with our IST client, then both published snapshots are identical, before and after a run with changes, and an incremental read equals a full read', async () => {
    const fx: ExportFixture = await exportFixture({ size: 'small', seed: 7 }, { customer: { forwardCivicNo: true } });
    const secret = 'round-trip-secret-0123456789';
    const env = { ...fx.env, CIVICNO_KEY: TEST_CIVICNO_KEY, RT_CLIENT_ID: 'round-trip', RT_CLIENT_SECRET: secret };
    await withStore(backend, async (store) => {
      const first = await fx.withWorker(store, async () => (await startRun(fx)).result(), { env });
      assert.ok(first.publication);

      const partners = await partnerFile([{ id: 'round-trip', customers: [fx.customerId], civicNo: true, secret }], fx.config, { rateLimitPerMinute: 100_000 });
      const api = await startTestApi(store, fx.config, partners, env);
      try {
        const mirrorId = 'kommun-mirror';
        const config = parseCustomerFile(
          {
            customers: [
              fx.config.customers[0],
              // Our API as this customer's IST: extensId is the source customer's id, apiBaseUrl up to /source.
              { id: mirrorId, name: 'Spegelkommun', extensId: fx.customerId, apiBaseUrl: `${api.url}/ss12000`, tokenUrl: `${api.url}/oauth2/token`, tier: fx.config.customers[0]!.tier, forwardCivicNo: true, clientIdEnv: 'RT_CLIENT_ID', clientSecretEnv: 'RT_CLIENT_SECRET', pageSize: 37 },
            ],
          },
          'round-trip customers',
          {},
        );
        const mirrorRun = () => fx.withWorker(store, async () => (await startExport(fx.client, mirrorId, { taskQueue: fx.taskQueue })).result(), { env, config });

        const mirror1 = await mirrorRun();
        assert.ok(mirror1.publication, 'the mirror publishes');
        await assertSameSnapshot(store, first.runId, mirror1.runId, 'first publication');
        const persons = await store.snapshots.entities<Person>(first.runId, 'person');
        assert.ok(persons.some((p) => p.civicNo), 'personnummer made the round trip');

        // A second run at the source with changes; the API serves them; the mirror follows.
        const token = await api.token('round-trip', secret);
        const full1 = Object.fromEntries(await Promise.all(INCREMENTAL.map(async (r) => [r, await readAll(api, token, fx.customerId, r)] as const)));
        const classes = await store.snapshots.entities<SchoolClass>(first.runId, 'class');
        const groups = await store.snapshots.entities<TeachingGroup>(first.runId, 'teachingGroup');
        const from = classes.find((c) => c.studentIds.length > 0)!;
        const to = classes.find((c) => c.schoolId === from.schoolId && c.id !== from.id)!;
        const leaver = persons.find((p) => p.roles.join() === 'staff' && p.duties.length === 1 && p.teachingGroupIds.length > 0)!;
        const renamed = groups.find((g) => !leaver.teachingGroupIds.includes(g.id))!;
        fx.simulator.mutate(fx.extensId, [
          moveStudent(from.studentIds[0]!, from.id, to.id, fx.runDate),
          renameGroup(renamed.id, 'Omdöpt grupp'),
          addTeacher({ personId: 'eeeeeeee-7d3b-4e8a-9c6d-000000000001', dutyId: 'eeeeeeee-7d3b-4e8a-9c6d-000000000002', schoolId: from.schoolId, givenName: 'Ny', familyName: 'Lärare', email: 'ny.larare@example.org', startDate: addDays(fx.runDate, -1) }),
          endDuty(leaver.duties[0]!.dutyId, addDays(fx.runDate, -1)),
        ]);
        const before = new Date();
        const second = await fx.withWorker(store, async () => (await startRun(fx)).result(), { env });
        assert.ok(second.publication?.firstSeq, 'the second run published changes');
        const mirror2 = await mirrorRun();
        await assertSameSnapshot(store, second.runId, mirror2.runId, 'after changes');

        // Incremental: the first full read + what changed after `before` − what was deleted = a full read now.
        const since = encodeURIComponent(before.toISOString());
        const deleted = (await (await fetch(`${api.url}/ss12000/source/${fx.customerId}/v2.0/deletedEntities?after=${since}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: Record<string, string[]> };
        for (const r of INCREMENTAL) {
          const state = new Map(full1[r]);
          for (const id of deleted.data[DELETED_KEY[r]] ?? []) state.delete(id);
          for (const [id, rec] of await readAll(api, token, fx.customerId, r, `&meta.modified.after=${since}`)) state.set(id, rec);
          const full2 = await readAll(api, token, fx.customerId, r);
          assert.deepEqual(new Map([...state].sort()), new Map([...full2].sort()), `${r}: incremental read differs from a full read`);
        }
        assert.ok((deleted.data.persons ?? []).includes(leaver.id));
      } finally {
        await api.close();
      }
    });
  });
});
