import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays } from '../../src/map/validity.ts';
import type { Person, SchoolClass, TeachingGroup } from '../../src/model/entities.ts';
import { addTeacher, endDuty, moveStudent, renameGroup } from '../../src/simulator/mutations.ts';
import { changesSince } from '../../src/store/publications.ts';
import { testDatabases } from '../support/databases.ts';
import { exportFixture } from '../support/export-fixture.ts';
import { startRun, totalChanges } from './publish-support.ts';

for (const backend of testDatabases()) {
  describe(`diff and publish on a real Temporal server, store on ${backend.name}`, () => {
    it('when the source is unchanged, then the second run has zero changes; when a student moves, a group is renamed, a teacher is added and a duty ends, then exactly those changes are published', async () => {
      const fx = await exportFixture({ size: 'small', seed: 3 });
      const { store, dispose } = await backend.open();
      try {
        await fx.withWorker(store, async () => {
          // Run 1: the first publication, everything created.
          const first = await (await startRun(fx)).result();
          assert.ok(first.status === 'succeeded' || first.status === 'succeeded_with_warnings', first.status);
          const entities = Object.values(first.counts).reduce((a, b) => a + b, 0);
          assert.equal(totalChanges(first.changes), entities);
          assert.deepEqual(first.publication, { firstSeq: 1, lastSeq: entities });

          // Run 2: nothing changed at the source.
          const second = await (await startRun(fx)).result();
          assert.equal(totalChanges(second.changes), 0);
          assert.deepEqual(second.publication, { firstSeq: null, lastSeq: entities });
          assert.equal((await store.publications.current(fx.customerId))?.runId, second.runId);

          // Pick the records to change from what is published.
          const classes = await store.snapshots.entities<SchoolClass>(second.runId, 'class');
          const groups = await store.snapshots.entities<TeachingGroup>(second.runId, 'teachingGroup');
          const persons = await store.snapshots.entities<Person>(second.runId, 'person');
          const from = classes.find((c) => c.studentIds.length > 0)!;
          const to = classes.find((c) => c.schoolId === from.schoolId && c.id !== from.id)!;
          const student = from.studentIds[0]!;
          const leaver = persons.find((p) => p.roles.join() === 'staff' && p.duties.length === 1 && p.teachingGroupIds.length > 0)!;
          const renamed = groups.find((g) => !leaver.teachingGroupIds.includes(g.id))!;
          const newcomer = { personId: '0f5e2c1a-7d3b-4e8a-9c6d-000000000001', dutyId: '0f5e2c1a-7d3b-4e8a-9c6d-000000000002' };
          fx.simulator.mutate(fx.extensId, [
            moveStudent(student, from.id, to.id, fx.runDate),
            renameGroup(renamed.id, 'Omdöpt grupp'),
            addTeacher({ ...newcomer, schoolId: from.schoolId, givenName: 'Nyanställd', familyName: 'Lärarsson', email: 'ny.larare@example.org', startDate: addDays(fx.runDate, -1) }),
            endDuty(leaver.duties[0]!.dutyId, addDays(fx.runDate, -1)),
          ]);

          // Run 3: exactly the simulated changes.
          const third = await (await startRun(fx)).result();
          assert.equal(third.publication?.firstSeq, entities + 1);
          const changes = await changesSince(store, fx.customerId, entities);
          const key = (type: string, id: string, kind: string) => `${type}/${id}/${kind}`;
          const mentoredByLeaver = classes.filter((c) => c.mentorIds?.includes(leaver.id)).map((c) => key('class', c.id, 'updated'));
          const expected = new Set([
            key('class', from.id, 'updated'),
            key('class', to.id, 'updated'),
            key('person', student, 'updated'),
            key('teachingGroup', renamed.id, 'updated'),
            key('person', newcomer.personId, 'created'),
            key('person', leaver.id, 'deleted'),
            ...leaver.teachingGroupIds.map((id) => key('teachingGroup', id, 'updated')),
            ...mentoredByLeaver,
          ]);
          assert.deepEqual(new Set(changes.map((c) => key(c.entityType, c.entityId, c.kind))), expected);
          assert.equal(changes.length, expected.size);
          assert.equal(third.publication?.lastSeq, entities + expected.size);

          const fieldsOf = (type: string, id: string) => changes.find((c) => c.entityType === type && c.entityId === id)?.fields ?? {};
          const fromFields = fieldsOf('class', from.id);
          assert.deepEqual(Object.keys(fromFields), ['studentIds']);
          assert.ok((fromFields.studentIds!.before as string[]).includes(student));
          assert.ok(!(fromFields.studentIds!.after as string[]).includes(student));
          assert.ok((fieldsOf('class', to.id).studentIds!.after as string[]).includes(student));
          assert.deepEqual(fieldsOf('person', student), { classIds: { before: [from.id], after: [to.id] } });
          assert.deepEqual(fieldsOf('teachingGroup', renamed.id), { name: { before: renamed.name, after: 'Omdöpt grupp' } });
          for (const id of leaver.teachingGroupIds) {
            const f = fieldsOf('teachingGroup', id);
            assert.deepEqual(Object.keys(f), ['teacherIds']);
            assert.ok(!(f.teacherIds!.after as string[]).includes(leaver.id));
          }
          const created = changes.find((c) => c.entityId === newcomer.personId)?.content as Person;
          assert.deepEqual([created.displayName, created.roles, created.duties.map((d) => d.dutyId)], ['Nyanställd Lärarsson', ['staff'], [newcomer.dutyId]]);
          assert.equal(await store.publications.publishedEntity(fx.customerId, 'person', leaver.id), undefined);
        });
      } finally {
        await dispose();
      }
    });
  });
}
