// One list fails while the others are still fetching: the run must not leave raw pages (names, e-mails,
// birth dates) in staging. The sibling fetches are cancelled and waited for before the clean-up drops the
// run's staged pages, so no page is written after it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { startExport } from '../../src/temporal/start-export.ts';
import { PROGRESS_QUERY, type ExportProgress } from '../../workflows/contract.ts';
import { crashFixture, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING } from '../support/processes.ts';
import { recordHistoryIfAsked } from '../support/history.ts';
import { temporalAddress } from '../support/temporal.ts';

async function stagedPages(fx: Awaited<ReturnType<typeof crashFixture>>, runId: string, resource: string): Promise<number> {
  const [row] = await fx.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staged_pages WHERE run_id = $1 AND resource = $2', [runId, resource]);
  return row?.n ?? 0;
}

describe('a list failing mid-run (worker process, real Temporal, real PostgreSQL)', () => {
  it('when one list fails while persons are mid-fetch, then the other fetches are cancelled and waited for, and the run leaves zero staged pages', { timeout: 180_000 }, async () => {
    const fx = await crashFixture({ size: 'small', pageSize: 10, temporalAddress: await temporalAddress(), chunkPages: 1000 });
    // Every page takes 300 ms: persons (77 pages) are still being fetched when groups fail.
    fx.simulator.faults.set({ customers: [fx.extensId], latency: { headersMs: 300 } });
    const worker = await startWorkerProcess(fx.workerEnv);
    try {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      const runId = handle.firstExecutionRunId;
      for (let i = 0; i < 600 && (await stagedPages(fx, runId, 'persons')) < 3; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await stagedPages(fx, runId, 'persons')) >= 3, 'persons are being staged');
      fx.simulator.faults.set({ customers: [fx.extensId], latency: { headersMs: 300 }, respond: { status: 403, code: 'forbidden', message: 'no access', resources: ['groups'] } });

      await assert.rejects(handle.result(), (err: unknown) => err instanceof WorkflowFailedError);
      const failedAt = fx.mark();
      // Longer than a heartbeat round (3 s timeout, beats at most every 2.4 s): a fetch still running would write now.
      await new Promise((r) => setTimeout(r, 6_000));
      assert.equal(await stagedPageCount(fx.store, runId), 0, 'no staged page of the failed run is left');
      const after = fx.simulator.requestLog.slice(failedAt).filter((e) => e.customerId === fx.extensId);
      assert.deepEqual(after.map((e) => `${e.resource}@${e.offset}`), [], 'no IST request after the run ended');

      const progress = await handle.query<ExportProgress>(PROGRESS_QUERY);
      assert.equal(progress.resources.groups.state, 'failed');
      assert.equal(progress.resources.persons.state, 'cancelled', 'persons were stopped, not left running');
      assert.ok(progress.resources.persons.pages < 77, 'persons were mid-fetch when groups failed');
      const run = await fx.store.runs.get(runId);
      assert.equal(run?.status, 'failed');
      assert.match(run?.failure ?? '', /^IstAccessNotGrantedError: /);
      await assert.rejects(handle.result(), (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'IstAccessNotGrantedError');
      recordHistoryIfAsked(await temporalAddress(), handle.workflowId, runId); // RECORD_HISTORY=export-small-v3-list-fails-siblings-cancelled
    } finally {
      fx.simulator.faults.set({});
      await worker.stop();
    }
  });
});
