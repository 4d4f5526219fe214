// The ISI route end to end: the simulator's SOAP endpoint, a real Temporal server and the store. The same tenant
// exported over REST and over ISI must publish the same snapshot, apart from the fields ISI files lack.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ENTITY_TYPES, RunStatus } from '../../workflows/contract.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { testDatabases } from '../support/databases.ts';
import { decodedHistoryText, historyJson } from '../support/history.ts';
import { withoutIsiAbsent } from '../support/isi-absent.ts';
import { innermostFailureType, isiFixture } from '../support/isi-fixture.ts';
import { temporalAddress } from '../support/temporal.ts';

const [pglite] = testDatabases();
const OK: string[] = [RunStatus.Succeeded, RunStatus.SucceededWithWarnings];

describe('the ISI route (SOAP push/pull, IMS Enterprise file) on a real Temporal server', () => {
  it('when one tenant is exported over REST and over ISI, then both publish the same snapshot apart from the fields ISI lacks, and history holds ids and counts only', { timeout: 180_000 }, async () => {
    // The file is ready 2.5 s after the push; pulls are held 1 s: the workflow must wait on timers between pulls.
    const fx = await isiFixture({ size: 'small', isi: { delayMs: 2500 } });
    const { store, dispose } = await pglite!.open();
    try {
      const rest = await fx.withWorker(store, async () => (await startExport(fx.client, fx.restCustomerId, { taskQueue: fx.taskQueue })).result());
      const handle = await startExport(fx.client, fx.isiCustomerId, { taskQueue: fx.taskQueue });
      const isi = await fx.withWorker(store, () => handle.result());

      for (const run of [rest, isi]) assert.ok(OK.includes(run.status), `${run.customerId} ended ${run.status}`);
      assert.equal(fx.isi.triggerCount, 1, 'one trigger pushed');
      const pulls = fx.isi.log.filter((e) => e.operation === 'isiPartnerPull');
      assert.ok(pulls.filter((e) => e.outcome === 'not ready').length >= 1, 'at least one pull found no file yet');
      assert.equal(pulls.filter((e) => e.outcome === 'message').length, 1, 'the file was downloaded once');
      assert.deepEqual(isi.counts, rest.counts, 'the same number of schools, persons, classes and teaching groups');

      for (const type of ENTITY_TYPES) {
        const restEntities = (await store.snapshots.entities<Record<string, unknown>>(rest.runId, type)).map((e) => withoutIsiAbsent(type, e));
        const isiEntities = (await store.snapshots.entities<Record<string, unknown>>(isi.runId, type)).map((e) => withoutIsiAbsent(type, e));
        assert.equal(isiEntities.length, restEntities.length, `${type}: as many entities`);
        for (let i = 0; i < restEntities.length; i++) assert.deepEqual(isiEntities[i], restEntities[i], `${type} ${String(restEntities[i]?.id)}`);
      }
      assert.equal((await store.isi.trigger(isi.runId))?.triggerId !== undefined, true, 'the trigger is recorded with the run');
      assert.equal(await countRows(store, 'isi_file_chunks', isi.runId), 0, 'the received file is dropped after the run');
      assert.equal(await countRows(store, 'staged_pages', isi.runId), 0, 'staged pages are dropped after the run');

      const history = await decodedHistoryText(handle);
      const persons = await store.snapshots.entities<{ givenName: string; familyName: string; email: string | null }>(isi.runId, 'person');
      for (const p of persons.slice(0, 400)) {
        assert.equal(history.includes(`${p.givenName} ${p.familyName}`), false, 'a name is in the history');
        if (p.email) assert.equal(history.includes(p.email), false, 'an email is in the history');
      }
      if (process.env.RECORD_HISTORY) {
        writeFileSync(path.join(import.meta.dirname, `../replay/histories/${process.env.RECORD_HISTORY}.json`), historyJson(await temporalAddress(), handle.workflowId));
      }
    } finally {
      await dispose();
    }
  });
});

async function countRows(store: { db: { query<R>(sql: string, p: unknown[]): Promise<R[]> } }, table: string, runId: string): Promise<number> {
  const [row] = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE run_id = $1`, [runId]);
  return row?.n ?? 0;
}

export { innermostFailureType };
