import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Person, SchoolClass, TeachingGroup } from '../../src/model/entities.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { exportFixture, simulatedPersons } from '../support/export-fixture.ts';
import { decodedHistoryText, historyJson } from '../support/history.ts';
import { testDatabases } from '../support/databases.ts';
import { temporalAddress } from '../support/temporal.ts';


for (const backend of testDatabases()) {
  describe(`exportCustomer on a real Temporal server, store on ${backend.name}`, () => {
    it('when the small simulated customer is exported, then the store holds exactly the simulator counts and history holds no personal data', async () => {
      const fx = await exportFixture({ size: 'small', seed: 1 });
      const { store, dispose } = await backend.open();
      try {
        const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
        const result = await fx.withWorker(store, () => handle.result());
        const stats = fx.simulator.stats(fx.extensId);

        assert.equal(result.customerId, fx.customerId);
        assert.equal(result.counts.school, stats.schoolUnits);
        assert.equal(result.counts.class, stats.classes);
        assert.equal(result.counts.teachingGroup, stats.teachingGroups);
        assert.deepEqual(await store.snapshots.counts(result.runId), { school: stats.schoolUnits, person: result.counts.person, class: stats.classes, teachingGroup: stats.teachingGroups });

        const persons = await store.snapshots.entities<Person>(result.runId, 'person');
        assert.equal(persons.filter((p) => p.roles.includes('student')).length, stats.students);
        assert.equal(persons.filter((p) => p.roles.includes('staff')).length, stats.staff);
        const issues = await store.snapshots.issues(result.runId);
        assert.equal(persons.filter((p) => p.email === null).length, issues.filter((i) => i.rule === 'missing_email').length);
        assert.ok(persons.some((p) => p.email === null), 'the simulator serves some persons without email');
        const classes = await store.snapshots.entities<SchoolClass>(result.runId, 'class');
        const groups = await store.snapshots.entities<TeachingGroup>(result.runId, 'teachingGroup');
        const memberships = [...classes, ...groups].reduce((n, g) => n + g.studentIds.length, 0);
        assert.equal(memberships, stats.activeGroupMemberships);
        assert.equal(result.fetched.find((f) => f.resource === 'persons')?.records, stats.persons);

        const run = await store.runs.get(result.runId);
        assert.equal(run?.status, result.status);
        assert.equal((await store.staging.progress(result.runId, 'persons')).pages, 0, 'staged raw pages are dropped after the run');

        const history = await decodedHistoryText(handle);
        assert.ok(history.includes(fx.customerId), 'the scan reads decoded payloads');
        const raw = await simulatedPersons(fx);
        for (const person of raw) {
          if (person.civicNo) assert.equal(history.includes(person.civicNo.value), false, 'a personnummer is in the history');
          for (const email of person.emails ?? []) assert.equal(history.includes(email.value), false, 'an email is in the history');
          assert.equal(history.includes(`${person.givenName} ${person.familyName}`), false, 'a name is in the history');
        }

        // RECORD_HISTORY=<scenario> writes test/replay/histories/<scenario>.json for the replay test.
        if (process.env.RECORD_HISTORY && backend.name === 'pglite') {
          writeFileSync(path.join(import.meta.dirname, `../replay/histories/${process.env.RECORD_HISTORY}.json`), historyJson(await temporalAddress(), handle.workflowId));
        }
      } finally {
        await dispose();
      }
    });
  });
}
