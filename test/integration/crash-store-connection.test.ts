// PostgreSQL drops the worker's connections while it writes pages (pg_terminate_backend from the
// test): the page write fails, the fetch activity is retried and the run still ends exact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { startExport } from '../../src/temporal/start-export.ts';
import { progressQuery } from '../../workflows/export-customer.ts';
import { crashFixture, entityHashes, pageRequests, repeatedPages, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING, until } from '../support/processes.ts';
import { temporalAddress } from '../support/temporal.ts';
import { PAGES_IN_FLIGHT } from '../../activities/fetch-resource.ts';

describe('the store connection breaks mid-export (worker process, real PostgreSQL)', () => {
  it('when the worker\'s database connections are terminated during page writes, then the fetch is retried and the snapshot equals an undisturbed run', { timeout: 180000 }, async () => {
    const fx = await crashFixture({ size: 'medium', pageSize: 25, temporalAddress: await temporalAddress() });
    const worker = await startWorkerProcess(fx.workerEnv);
    const admin = new pg.Client({ connectionString: fx.databaseUrl });
    await admin.connect();
    try {
      const undisturbed = await (await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING })).result();
      const reference = await entityHashes(fx.store, undisturbed.runId);

      const from = fx.mark();
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      await until(() => (pageRequests(fx.simulator, from).get('persons')?.length ?? 0) >= 5, 'persons pages flowing');
      let terminated = 0;
      for (let i = 0; i < 10; i++) {
        // Every backend of this database but the test's own: the worker's pool connections, mid-query or idle.
        const res = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        terminated += res.rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      const result = await handle.result();
      assert.ok(terminated > 0, 'connections were terminated');

      const progress = await handle.query(progressQuery);
      const retries = Object.values(progress.resources).reduce((n, r) => n + r.retries, 0);
      assert.ok(retries > 0, 'a fetch activity failed on the broken connection and was retried');
      // A failed attempt costs at most the pages it had in flight: the one whose write failed and the one read ahead.
      for (const [resource, n] of repeatedPages(pageRequests(fx.simulator, from))) {
        assert.ok(n <= PAGES_IN_FLIGHT * progress.resources[resource as keyof typeof progress.resources].retries, `${resource}: ${n} pages fetched again`);
      }
      assert.deepEqual(await entityHashes(fx.store, result.runId), reference, 'the same snapshot as the undisturbed run');
      assert.equal(await stagedPageCount(fx.store, result.runId), 0);
    } finally {
      await admin.end();
      await worker.stop();
    }
  });
});
