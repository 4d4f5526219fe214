import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRunDiff, withholdDeletions } from '../../src/diff/compute.ts';
import { PublicationBaseChangedError } from '../../src/publish/errors.ts';
import { runPreview } from '../../src/publish/preview.ts';
import { publishRun } from '../../src/publish/publish.ts';
import type { Store } from '../../src/store/index.ts';
import { changesSince } from '../../src/store/publications.ts';
import { testDatabases } from '../support/databases.ts';

const CUSTOMER = 'kommun-a';
const school = (id: string, name: string) => ({ type: 'school', id, content: { id, name, schoolUnitCode: null } });
const person = (id: string, givenName: string, extra: Record<string, unknown> = {}) => ({ type: 'person', id, content: { id, givenName, familyName: 'Berg', roles: ['student'], ...extra } });

async function snapshot(store: Store, runId: string, entities: { type: string; id: string; content: unknown }[]): Promise<void> {
  await store.runs.begin(runId, CUSTOMER, `wf-${runId}`);
  await store.snapshots.write(runId, entities, []);
}

async function diffAndPublish(store: Store, runId: string) {
  await computeRunDiff(store.db, CUSTOMER, runId);
  return publishRun(store.db, CUSTOMER, runId);
}

for (const backend of testDatabases()) {
  describe(`diff and publish in the store on ${backend.name}`, () => {
    it('when a run is published twice, then the second publish changes nothing and the log has one copy', async () => {
      const { store, dispose } = await backend.open();
      try {
        await snapshot(store, 'run-1', [school('s1', 'Åkerskolan'), person('p1', 'Anna')]);
        const diff = await computeRunDiff(store.db, CUSTOMER, 'run-1');
        assert.equal(diff.baseRunId, null);
        assert.deepEqual([diff.changes.school.created, diff.changes.person.created], [1, 1]);
        const first = await publishRun(store.db, CUSTOMER, 'run-1');
        assert.deepEqual({ firstSeq: first.firstSeq, lastSeq: first.lastSeq, published: first.published, again: first.alreadyPublished }, { firstSeq: 1, lastSeq: 2, published: 2, again: false });
        const second = await publishRun(store.db, CUSTOMER, 'run-1');
        assert.deepEqual({ firstSeq: second.firstSeq, lastSeq: second.lastSeq, again: second.alreadyPublished }, { firstSeq: 1, lastSeq: 2, again: true });
        assert.equal((await changesSince(store, CUSTOMER, 0)).length, 2);
        assert.equal((await store.publications.current(CUSTOMER))?.runId, 'run-1');
      } finally {
        await dispose();
      }
    });

    it('when the next snapshot is unchanged, then it has zero changes and the sequence stays', async () => {
      const { store, dispose } = await backend.open();
      try {
        await snapshot(store, 'run-1', [school('s1', 'Åkerskolan'), person('p1', 'Anna')]);
        await diffAndPublish(store, 'run-1');
        await snapshot(store, 'run-2', [person('p1', 'Anna'), school('s1', 'Åkerskolan')]);
        const diff = await computeRunDiff(store.db, CUSTOMER, 'run-2');
        assert.equal(diff.baseRunId, 'run-1');
        assert.equal(Object.values(diff.changes).reduce((n, c) => n + c.created + c.updated + c.deleted, 0), 0);
        const out = await publishRun(store.db, CUSTOMER, 'run-2');
        assert.deepEqual({ firstSeq: out.firstSeq, lastSeq: out.lastSeq }, { firstSeq: null, lastSeq: 2 });
        assert.equal((await store.publications.current(CUSTOMER))?.runId, 'run-2');
      } finally {
        await dispose();
      }
    });

    it('when entities are created, updated and deleted, then changes since N list exactly them with field-level before/after', async () => {
      const { store, dispose } = await backend.open();
      try {
        await snapshot(store, 'run-1', [school('s1', 'Åkerskolan'), school('s2', 'Bäckskolan'), person('p1', 'Anna')]);
        const { lastSeq } = await diffAndPublish(store, 'run-1');
        await snapshot(store, 'run-2', [school('s1', 'Åkerskolan'), person('p1', 'Annie'), person('p2', 'Bo')]);
        await diffAndPublish(store, 'run-2');
        const changes = await changesSince(store, CUSTOMER, lastSeq);
        assert.deepEqual(
          changes.map((c) => [c.seq, c.entityType, c.entityId, c.kind]),
          [
            [4, 'person', 'p1', 'updated'],
            [5, 'person', 'p2', 'created'],
            [6, 'school', 's2', 'deleted'],
          ],
        );
        assert.deepEqual(changes[0]?.fields, { givenName: { before: 'Anna', after: 'Annie' } });
        assert.equal((changes[1]?.content as { givenName: string }).givenName, 'Bo');
        assert.equal(changes[2]?.content, null);
        assert.deepEqual(await store.publications.publishedCounts(CUSTOMER), { person: 2, school: 1 });
        assert.deepEqual((await changesSince(store, CUSTOMER, 5)).map((c) => c.seq), [6]);
      } finally {
        await dispose();
      }
    });

    it('when deletions are withheld, then they are not published and stay in the published state', async () => {
      const { store, dispose } = await backend.open();
      try {
        await snapshot(store, 'run-1', [person('p1', 'Anna'), person('p2', 'Bo'), school('s1', 'Å')]);
        await diffAndPublish(store, 'run-1');
        await snapshot(store, 'run-2', [school('s1', 'Ö')]);
        await computeRunDiff(store.db, CUSTOMER, 'run-2');
        await withholdDeletions(store.db, 'run-2', ['person']);
        const out = await publishRun(store.db, CUSTOMER, 'run-2');
        assert.equal(out.published, 1);
        assert.deepEqual((await changesSince(store, CUSTOMER, 3)).map((c) => [c.entityType, c.kind]), [['school', 'updated']]);
        assert.deepEqual(await store.publications.publishedCounts(CUSTOMER), { person: 2, school: 1 });
      } finally {
        await dispose();
      }
    });

    it('when another run published after this one was diffed, then publishing it fails and changes nothing', async () => {
      const { store, dispose } = await backend.open();
      try {
        await snapshot(store, 'run-1', [school('s1', 'A')]);
        await diffAndPublish(store, 'run-1');
        await snapshot(store, 'run-2', [school('s1', 'B')]);
        await computeRunDiff(store.db, CUSTOMER, 'run-2');
        await snapshot(store, 'run-3', [school('s1', 'C')]);
        await diffAndPublish(store, 'run-3');
        await assert.rejects(publishRun(store.db, CUSTOMER, 'run-2'), PublicationBaseChangedError);
        assert.equal((await store.publications.current(CUSTOMER))?.runId, 'run-3');
        assert.equal((await store.publications.publishedEntity<{ name: string }>(CUSTOMER, 'school', 's1'))?.name, 'C');
      } finally {
        await dispose();
      }
    });

    it('when a run is previewed, then the sample carries fields and content but never a personnummer', async () => {
      const { store, dispose } = await backend.open();
      try {
        await snapshot(store, 'run-1', [person('p1', 'Anna', { civicNo: 'civicno-enc:v1:aaa' })]);
        await diffAndPublish(store, 'run-1');
        await snapshot(store, 'run-2', [person('p1', 'Anna', { civicNo: 'civicno-enc:v1:bbb' }), person('p2', 'Bo', { civicNo: 'civicno-enc:v1:ccc' })]);
        await computeRunDiff(store.db, CUSTOMER, 'run-2');
        const preview = await runPreview(store, 'run-2');
        assert.deepEqual(preview?.sample.map((s) => [s.entityId, s.kind]), [['p2', 'created'], ['p1', 'updated']]);
        assert.equal(JSON.stringify(preview).includes('civicno-enc'), false, 'a personnummer token is in the preview');
        assert.equal(preview?.sample[0]?.content?.givenName, 'Bo');
      } finally {
        await dispose();
      }
    });
  });
}
