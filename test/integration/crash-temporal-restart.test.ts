// The Temporal server restarts mid-run (its state in a SQLite file): worker and run carry on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, freePort, type DevServer } from '../../src/temporal/dev-server.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import type { exportCustomer } from '../../workflows/export-customer.ts';
import { crashFixture, pageRequests, repeatedPages, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING, until } from '../support/processes.ts';
import { PAGES_IN_FLIGHT } from '../../activities/fetch-resource.ts';

describe('the Temporal server restarts mid-export (dev server with SQLite, worker process)', () => {
  it('when the server is stopped while pages are fetched and started again on its file, then the run completes with every record once', { timeout: 180000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ist-export-temporal-'));
    const port = await freePort();
    const dbFile = path.join(dir, 'temporal.db');
    let server: DevServer = await startDevServer({ port, dbFile });
    after(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const fx = await crashFixture({ size: 'medium', pageSize: 25, temporalAddress: server.address });
    const worker = await startWorkerProcess(fx.workerEnv);
    try {
      const from = fx.mark();
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      await until(() => (pageRequests(fx.simulator, from).get('persons')?.length ?? 0) >= 20, 'persons pages flowing');
      await server.stop();
      const stoppedAt = fx.mark();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      server = await startDevServer({ port, dbFile });

      const connection = await Connection.connect({ address: server.address });
      try {
        const client = new Client({ connection });
        const result = await client.workflow.getHandle<typeof exportCustomer>(handle.workflowId).result();
        const stats = fx.simulator.stats(fx.extensId);
        assert.ok(fx.mark() > stoppedAt, 'pages were fetched after the restart');
        assert.equal(result.fetched.find((f) => f.resource === 'persons')?.records, stats.persons);
        assert.equal(result.fetched.find((f) => f.resource === 'groups')?.records, stats.groups);
        assert.equal(result.counts.class, stats.classes);
        assert.equal(result.counts.teachingGroup, stats.teachingGroups);
        for (const [resource, n] of repeatedPages(pageRequests(fx.simulator, from))) assert.ok(n <= PAGES_IN_FLIGHT, `${resource}: ${n} pages fetched again`);
        assert.equal(await stagedPageCount(fx.store, result.runId), 0);
      } finally {
        await connection.close();
      }
    } finally {
      await worker.stop();
    }
  });
});
