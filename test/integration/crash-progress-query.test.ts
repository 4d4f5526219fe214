// The progress query answers from workflow state (chunk results; a workflow cannot read the store)
// while the run fetches; and the history stays small because pages travel through the store, not through Temporal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startExport } from '../../src/temporal/start-export.ts';
import { IST_RESOURCES, type ExportProgress } from '../../workflows/contract.ts';
import { progressQuery } from '../../workflows/export-customer.ts';
import { crashFixture, startWorkerProcess, TEST_FETCH_TIMING } from '../support/processes.ts';
import { temporalAddress } from '../support/temporal.ts';

describe('live progress of an export (worker process, real Temporal)', () => {
  it('when the progress query is asked during a run, then the per-list counts only grow and end at the fetched totals', { timeout: 180000 }, async () => {
    const fx = await crashFixture({ size: 'medium', pageSize: 25, temporalAddress: await temporalAddress(), chunkPages: 10 });
    const worker = await startWorkerProcess(fx.workerEnv);
    try {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      const seen: ExportProgress[] = [];
      let done = false;
      const finished = handle.result().finally(() => (done = true));
      while (!done) {
        seen.push(await handle.query(progressQuery));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const result = await finished;

      const personsPages = seen.map((p) => p.resources.persons.pages);
      for (let i = 1; i < seen.length; i++) {
        for (const r of IST_RESOURCES) {
          assert.ok(seen[i]!.resources[r].pages >= seen[i - 1]!.resources[r].pages, `${r} pages went down`);
          assert.ok(seen[i]!.resources[r].records >= seen[i - 1]!.resources[r].records, `${r} records went down`);
        }
      }
      const distinct = new Set(personsPages.filter((n) => n > 0));
      assert.ok(distinct.size >= 3, `persons progress moved in steps during the run (saw ${[...distinct].join(', ')})`);
      assert.ok(seen.some((p) => p.phase === 'fetching' && p.resources.persons.state === 'fetching' && p.resources.persons.pages > 0), 'progress seen mid-fetch');

      const last = await handle.query(progressQuery);
      for (const f of result.fetched) {
        assert.equal(last.resources[f.resource].state, 'done');
        assert.equal(last.resources[f.resource].pages, f.pages);
        assert.equal(last.resources[f.resource].records, f.records);
        assert.equal(last.resources[f.resource].retries, 0);
      }
      const history = await handle.fetchHistory();
      const events = history.events?.length ?? 0;
      const pages = result.fetched.reduce((n, f) => n + f.pages, 0);
      assert.ok(events < pages, `history has ${events} events for ${pages} pages: chunks, not pages, make history`);
    } finally {
      await worker.stop();
    }
  });
});
