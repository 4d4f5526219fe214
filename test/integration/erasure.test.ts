import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore, type Store } from '../../src/store/index.ts';
import { applyRetention } from '../../src/store/housekeeping.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { customerRunsQuery } from '../../src/schedules/queries.ts';
import { runCliProcess, writeCustomerFile, customerEntry } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { exportFixture, simulatedPersons } from '../support/export-fixture.ts';
import { temporalAddress } from '../support/temporal.ts';


/** A store the test and CLI processes share: a fresh Postgres database under npm test, else a PGlite directory used by one process at a time. */
async function sharedStore(): Promise<{ env: Record<string, string>; open(): Promise<Store>; dispose(): Promise<void> }> {
  const pg = await freshPostgresUrl();
  if (pg) return { env: { DATABASE_URL: pg.url }, open: () => openStore({ databaseUrl: pg.url, maxConnections: 2 }), dispose: pg.dispose };
  const dir = mkdtempSync(path.join(tmpdir(), 'ist-erasure-'));
  return { env: { DATA_DIR: dir }, open: () => openStore({ dataDir: path.join(dir, 'pglite') }), dispose: async () => {} };
}

/**
 * Every row of every table in the store where any text or JSON column contains `needle` (case-insensitive):
 * `table.column` → rows. Found by the catalogue, so a table added later is scanned too.
 */
async function scan(store: Store, needle: string): Promise<Record<string, number>> {
  const columns = await store.db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'jsonb', 'json', 'character varying')`,
  );
  const found: Record<string, number> = {};
  for (const { table_name, column_name } of columns) {
    const [row] = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1`, [`%${needle}%`]);
    if (row && row.n > 0) found[`${table_name}.${column_name}`] = row.n;
  }
  return found;
}

describe('erasure and offboarding on a real store, CLI as a process', () => {
  it('when a person is erased, then no table holds their name, email or personnummer, the id only in the published deletion until retention, counts stay, and downstream gets the deletion', async () => {
    const fx = await exportFixture({ size: 'tiny', seed: 11 });
    const shared = await sharedStore();
    let store = await shared.open();
    try {
      const result = await fx.withWorker(store, async () => (await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue })).result());
      const persons = await simulatedPersons(fx);
      // A student in a class, with an e-mail and a personnummer that no one else shares.
      const classes = await store.snapshots.entities<{ id: string; studentIds: string[] }>(result.runId, 'class');
      const subject = persons.find((p) => p.civicNo && p.emails?.length && classes.some((c) => c.studentIds.includes(p.id)) && persons.filter((q) => `${q.givenName} ${q.familyName}` === `${p.givenName} ${p.familyName}`).length === 1)!;
      assert.ok(subject, 'the tenant has a student to erase');
      const needles = { id: subject.id, name: `${subject.givenName} ${subject.familyName}`, email: subject.emails![0]!.value, civicNo: subject.civicNo!.value };
      assert.ok(Object.keys(await scan(store, needles.id)).length >= 3, 'before: the id is in snapshot, published state and change log');
      assert.ok(Object.keys(await scan(store, needles.email)).length >= 1, 'before: the e-mail is stored');
      const countsBefore = (await store.runs.get(result.runId))?.counts;
      const lastSeqBefore = (await store.publications.current(fx.customerId))!.lastSeq;
      await store.close();

      const erased = await runCliProcess(['erase-person', fx.customerId, subject.id, '--reason', 'ticket GDPR-42', '--by', 'dpo'], { ...shared.env, TEMPORAL_ADDRESS: await temporalAddress() });
      assert.equal(erased.code, 0, erased.stderr);
      assert.match(erased.stdout, /published: deletion at change-log seq \d+/);
      assert.ok(!erased.stdout.includes(subject.id) && !erased.stdout.includes(subject.familyName), 'the output does not repeat the person');
      store = await shared.open();

      for (const needle of [needles.name, needles.email, needles.civicNo]) assert.deepEqual(await scan(store, needle), {}, `a trace of ${needle === needles.name ? 'the name' : needle === needles.email ? 'the e-mail' : 'the personnummer'} is left`);
      // The id only in the one change-log entry that tells downstream to delete the person.
      assert.deepEqual(await scan(store, needles.id), { 'change_log.entity_id': 1 });
      const changes = await store.publications.changesSince(fx.customerId, lastSeqBefore);
      assert.deepEqual(changes.filter((c) => c.entityType === 'person').map((c) => [c.entityId, c.kind, c.content]), [[subject.id, 'deleted', null]]);
      const updatedClasses = changes.filter((c) => c.entityType === 'class');
      assert.ok(updatedClasses.length >= 1 && updatedClasses.every((c) => c.kind === 'updated' && !(c.content as { studentIds: string[] }).studentIds.includes(subject.id)));
      assert.equal(await store.publications.publishedEntity(fx.customerId, 'person', subject.id), undefined);
      assert.deepEqual((await store.runs.get(result.runId))?.counts, countsBefore, 'run counts are kept');
      const [record] = await store.db.query<{ requested_by: string; reason: string; subject_hash: string }>('SELECT requested_by, reason, subject_hash FROM erasures WHERE customer_id = $1', [fx.customerId]);
      assert.deepEqual([record?.requested_by, record?.reason], ['dpo', 'ticket GDPR-42']);

      // Once the deletion has been in the change log past its retention, the id is gone as well.
      await applyRetention(store.db, fx.customerId, { keepRuns: 7, changeLogDays: 0, runRecordDays: 400 });
      assert.deepEqual(await scan(store, needles.id), {});
    } finally {
      await store.close().catch(() => undefined);
      await shared.dispose();
    }
  });

  it('when a customer is forgotten, then without --confirm nothing changes, with it no table holds the customer or its persons, its schedule and histories are gone, and another customer stays', async () => {
    const fx = await exportFixture({ size: 'tiny', seed: 12 });
    const shared = await sharedStore();
    let store = await shared.open();
    try {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue });
      await fx.withWorker(store, () => handle.result());
      await store.runs.begin('other-run', 'kommun-other', 'ist-export/kommun-other/x');
      const persons = (await simulatedPersons(fx)).slice(0, 5);
      assert.ok(Object.keys(await scan(store, persons[0]!.emails?.[0]?.value ?? persons[0]!.id)).length > 0);
      await store.close();

      const address = await temporalAddress();
      const stillInFile = await runCliProcess(['forget-customer', fx.customerId, '--confirm'], { ...shared.env, TEMPORAL_ADDRESS: address, CUSTOMERS_FILE: writeCustomerFile({ customers: [customerEntry(fx.customerId)] }) });
      assert.equal(stillInFile.code, 8);
      assert.match(stillInFile.stderr, /CustomerStillConfiguredError/);
      const env = { ...shared.env, TEMPORAL_ADDRESS: address, CUSTOMERS_FILE: writeCustomerFile({ customers: [customerEntry('kommun-other')] }) };
      const dry = await runCliProcess(['forget-customer', fx.customerId], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /would remove: 1 runs, 1 snapshots .*\nnothing removed: add --confirm/);
      const forgot = await runCliProcess(['forget-customer', fx.customerId, '--confirm'], env);
      assert.equal(forgot.code, 0, forgot.stderr);
      assert.match(forgot.stdout, /snapshot_entities +\d+ rows/);
      assert.match(forgot.stdout, /workflow histories deleted: 1/);
      store = await shared.open();

      for (const needle of [fx.customerId, fx.extensId, ...persons.flatMap((p) => [p.id, `${p.givenName} ${p.familyName}`, ...(p.emails ?? []).map((e) => e.value), ...(p.civicNo ? [p.civicNo.value] : [])])]) {
        assert.deepEqual(await scan(store, needle), {}, 'a trace of the customer is left');
      }
      assert.equal((await store.runs.get('other-run'))?.customerId, 'kommun-other', 'another customer is untouched');
      // Temporal deletes asynchronously (a system workflow removes the history, then its visibility record): on a
      // busy CI machine that took longer than 15 s once, so the listing gets a minute to empty.
      const deadline = Date.now() + 60_000;
      while ((await fx.client.workflow.count(customerRunsQuery(fx.customerId))).count > 0) {
        if (Date.now() > deadline) assert.fail('the workflow history is still listed');
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await store.close().catch(() => undefined);
      await shared.dispose();
    }
  });
});
