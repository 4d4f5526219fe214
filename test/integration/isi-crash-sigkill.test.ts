// A worker process SIGKILLed while the run waits for ISI's file, and while it stages the file: a new worker resumes
// the same trigger (never pushes again) and the run ends with the same snapshot as an uninterrupted run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { stockholmDate } from '../../src/map/validity.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { entityHashes, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING } from '../support/processes.ts';
import { ISI_PARTNER_ID, ISI_PASSWORD } from '../support/isi-fixture.ts';
import { temporalAddress, uniqueTaskQueue } from '../support/temporal.ts';

async function eventually(predicate: () => Promise<boolean>, what: string, timeoutMs = 120_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Raw IMS pages exist only while the file is being staged (they are removed when staging ends). */
async function rawImsPages(store: Store, runId: string): Promise<number> {
  const [row] = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM staged_pages WHERE run_id = $1 AND resource LIKE 'isi.%'", [runId]);
  return row?.n ?? 0;
}

describe('a worker killed while an ISI run waits and stages (separate processes, real Temporal, real PostgreSQL)', () => {
  it('when the worker is SIGKILLed while waiting for the file and again while staging it, then the run resumes the same trigger and ends with the same snapshot', { timeout: 300_000 }, async () => {
    const db = await freshPostgresUrl();
    if (!db) throw new Error('TEST_DATABASE_URL is not set: run through npm test');
    const address = await temporalAddress();
    const runDate = stockholmDate();
    const extensId = `EXT${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const simulator = await startSimulator({
      tenants: [{ customerId: extensId, seed: 3, size: 'small', clientId: 'x', clientSecret: 'y', referenceDate: runDate }],
      isi: { partnerId: ISI_PARTNER_ID, password: ISI_PASSWORD, delayMs: 6000 },
    });
    const isi = simulator.isi!;
    const dir = mkdtempSync(path.join(tmpdir(), 'isi-crash-'));
    const customerId = `isi-${extensId.toLowerCase()}`;
    const customersFile = path.join(dir, 'customers.json');
    writeFileSync(customersFile, JSON.stringify({
      integrationPartnerId: ISI_PARTNER_ID,
      customers: [{ id: customerId, name: 'Kraschkommun ISI', extensId, tier: 'silver', transport: 'isi', isi: { endpoint: isi.endpoint, passwordEnv: 'CRASH_ISI_PASSWORD', pullTimeoutMs: 1000, pollIntervalSeconds: 1, deadlineMinutes: 5 } }],
    }));
    const store = await openStore({ databaseUrl: db.url, maxConnections: 2 });
    const connection = await Connection.connect({ address });
    after(async () => {
      await connection.close();
      await store.close();
      await simulator.close();
      await db.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const client = new Client({ connection });
    const taskQueue = uniqueTaskQueue('isi-crash');
    const workerEnv = { TEMPORAL_ADDRESS: address, DATABASE_URL: db.url, CUSTOMERS_FILE: customersFile, TASK_QUEUE: taskQueue, CRASH_ISI_PASSWORD: ISI_PASSWORD };
    const start = () => startExport(client, customerId, { taskQueue, fetchTiming: TEST_FETCH_TIMING });

    // Reference: an uninterrupted run.
    const worker = await startWorkerProcess(workerEnv);
    const t0 = Date.now();
    const reference = await (await start()).result();
    console.error(`reference ISI run: ${Date.now() - t0} ms`);
    await worker.stop();
    const referenceHashes = await entityHashes(store, reference.runId);
    assert.ok(referenceHashes.size > 500, 'a small tenant');
    const triggersBefore = isi.triggerCount;

    const first = await startWorkerProcess(workerEnv);
    const handle = await start();
    const runId = handle.firstExecutionRunId;
    const from = isi.log.length;
    await eventually(async () => isi.log.slice(from).some((e) => e.outcome === 'not ready'), 'the run waiting for the file');
    assert.equal(await first.kill(), 'SIGKILL');

    const second = await startWorkerProcess(workerEnv);
    await eventually(async () => (await rawImsPages(store, runId)) > 0, 'staging under way', 120_000, 5);
    assert.equal(await second.kill(), 'SIGKILL');
    const stagedAtKill = await rawImsPages(store, runId);

    const third = await startWorkerProcess(workerEnv);
    try {
      const result = await handle.result();
      assert.equal(isi.triggerCount, triggersBefore + 1, 'the killed run pushed one trigger: the new workers resumed it');
      assert.equal(isi.log.slice(from).filter((e) => e.operation === 'isiPartnerPush').length, 1, 'one push for the run');
      assert.ok(stagedAtKill > 0, 'the second kill landed while the file was being staged');
      assert.deepEqual(result.counts, reference.counts);
      const hashes = await entityHashes(store, result.runId);
      assert.equal(hashes.size, referenceHashes.size);
      assert.deepEqual(hashes, referenceHashes, 'the same entities with the same content as the uninterrupted run');
      assert.equal(await stagedPageCount(store, result.runId), 0, 'staged pages dropped after the run');
    } finally {
      await third.stop();
    }
  });
});
