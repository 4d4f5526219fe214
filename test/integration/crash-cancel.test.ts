// Cancelling a run stops the HTTP request in flight: the activity learns of the cancel from a heartbeat
// (it beats on a timer while a page request hangs) and aborts undici through its cancellation signal.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { startExport } from '../../src/temporal/start-export.ts';
import { crashFixture, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING, until } from '../support/processes.ts';
import { temporalAddress } from '../support/temporal.ts';

/**
 * A pass-through proxy in front of the simulator that never answers the persons page at `offset`:
 * IST hanging on one request. Records when the client gave up on a held request.
 */
async function hangingProxy(target: string, offset: number) {
  const held: { at: number; abortedAt?: number }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', target);
    const token = url.searchParams.get('pageToken');
    const pageOffset = token ? (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number }).o : 0;
    if (url.pathname.endsWith('/persons') && pageOffset === offset) {
      const entry: { at: number; abortedAt?: number } = { at: Date.now() };
      held.push(entry);
      res.on('close', () => (entry.abortedAt = Date.now()));
      return;
    }
    const upstream = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, held };
}

describe('cancelling an export (worker process, real Temporal, real PostgreSQL)', () => {
  it('when a run is cancelled while a page request hangs, then the worker aborts that request within seconds and the staged pages are dropped', { timeout: 120000 }, async () => {
    const fx = await crashFixture({ size: 'small', pageSize: 20, temporalAddress: await temporalAddress() });
    const proxy = await hangingProxy(fx.simulator.url, 100);
    const worker = await startWorkerProcess({ ...fx.workerEnv, CUSTOMERS_FILE: await fx.rewriteCustomers({ apiBaseUrl: `${proxy.url}/ss12000v2-api` }) });
    try {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: { ...TEST_FETCH_TIMING, heartbeatTimeoutSeconds: 20 } });
      await until(() => proxy.held.length > 0, 'the hanging persons request');
      // Longer than the worker's heartbeat throttle (5 s): any heartbeat buffered from the last stored page
      // has gone out, so only heartbeats sent while the request hangs can carry the cancel to the activity.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      assert.equal(proxy.held[0]!.abortedAt, undefined, 'the request is still held before the cancel');
      const cancelledAt = Date.now();
      await handle.cancel();
      await until(() => proxy.held[0]!.abortedAt !== undefined, 'the worker to abort the held request', 30_000);
      const abortMs = proxy.held[0]!.abortedAt! - cancelledAt;
      assert.ok(abortMs < 8_000, `the held request was aborted ${abortMs} ms after the cancel`);

      await assert.rejects(handle.result(), (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure);
      const run = await fx.store.runs.get(handle.firstExecutionRunId);
      assert.equal(run?.status, 'failed');
      assert.equal(await stagedPageCount(fx.store, handle.firstExecutionRunId), 0, 'the staged pages of the cancelled run are dropped');
      assert.equal(proxy.held.length, 1, 'the hanging page was not retried after the cancel');
    } finally {
      await worker.stop();
    }
  });
});
