import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrate } from '../../src/store/migrations.ts';
import { testDatabases, withStore } from '../support/databases.ts';

for (const backend of testDatabases()) {
  describe(`store on ${backend.name}`, () => {
    it('when migrations run twice, then the second run applies nothing', async () => {
      await withStore(backend, async (store) => {
        assert.deepEqual(await migrate(store.db), []);
      });
    });

    it('when the same page is written twice, then one copy remains and progress points past it', async () => {
      await withStore(backend, async (store) => {
        await store.runs.begin('run-1', 'kommun-a', 'wf-1');
        await store.staging.putPage('run-1', 'persons', 1, [{ id: 'a' }, { id: 'b' }], 'tok-2', []);
        await store.staging.putPage('run-1', 'persons', 1, [{ id: 'a' }, { id: 'b' }], 'tok-2', []);
        await store.staging.putPage('run-1', 'persons', 2, [{ id: 'c' }], null, [{ resource: 'persons', istId: 'x', field: 'givenName', reason: 'invalid_type' }]);
        assert.deepEqual(await store.staging.progress('run-1', 'persons'), { pages: 2, records: 3, quarantined: 1, nextPageToken: null });
        const ids: string[] = [];
        for await (const page of store.staging.records('run-1', 'persons')) ids.push(...page.map((r) => (r as { id: string }).id));
        assert.deepEqual(ids, ['a', 'b', 'c']);
      });
    });

    it('when a listing is reset, then its pages and quarantine are gone and others stay', async () => {
      await withStore(backend, async (store) => {
        await store.runs.begin('run-1', 'kommun-a', 'wf-1');
        await store.staging.putPage('run-1', 'persons', 1, [{ id: 'a' }], 'tok', [{ resource: 'persons', istId: null, field: 'id', reason: 'x' }]);
        await store.staging.putPage('run-1', 'groups', 1, [{ id: 'g' }], null, []);
        await store.staging.resetResource('run-1', 'persons');
        assert.deepEqual(await store.staging.progress('run-1', 'persons'), { pages: 0, records: 0, quarantined: 0, nextPageToken: null });
        assert.equal((await store.staging.progress('run-1', 'groups')).records, 1);
      });
    });

    it('when a snapshot is written twice, then it holds one copy with stable hashes', async () => {
      await withStore(backend, async (store) => {
        await store.runs.begin('run-1', 'kommun-a', 'wf-1');
        const school = { id: 's1', name: 'Åkerskolan', schoolUnitCode: '1', schoolTypes: ['GR'], municipalityCode: null, ownerId: null };
        const issues = [{ severity: 'warning' as const, rule: 'missing_email' as const, entityType: 'person' as const, istId: 'p1', detail: 'no email address' }];
        await store.snapshots.write('run-1', [{ type: 'school', id: 's1', content: school }], issues);
        await store.snapshots.write('run-1', [{ type: 'school', id: 's1', content: school }], issues);
        assert.deepEqual(await store.snapshots.counts('run-1'), { school: 1 });
        assert.deepEqual(await store.snapshots.entities('run-1', 'school'), [school]);
        assert.deepEqual(await store.snapshots.issues('run-1'), issues);
      });
    });

    it('when a run finishes, then its status is recorded and its staging dropped', async () => {
      await withStore(backend, async (store) => {
        await store.runs.begin('run-1', 'kommun-a', 'wf-1');
        await store.runs.begin('run-1', 'kommun-a', 'wf-1');
        await store.staging.putPage('run-1', 'persons', 1, [{ id: 'a' }], null, []);
        await store.runs.finish('run-1', { status: 'succeeded', counts: { person: 1 } });
        await store.staging.drop('run-1');
        const run = await store.runs.get('run-1');
        assert.equal(run?.status, 'succeeded');
        assert.deepEqual(run?.counts, { person: 1 });
        assert.equal((await store.staging.progress('run-1', 'persons')).pages, 0);
      });
    });
  });
}
