// A worker process dies by SIGKILL mid-run; a new one takes over. The run must complete with the
// same snapshot as an uninterrupted run, having re-fetched at most one page per list in flight.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startExport } from '../../src/temporal/start-export.ts';
import { IST_RESOURCES } from '../../workflows/contract.ts';
import { crashFixture, entityHashes, pageRequests, repeatedPages, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING, until, type CrashFixture } from '../support/processes.ts';
import { temporalAddress } from '../support/temporal.ts';
import { PAGES_IN_FLIGHT } from '../../activities/fetch-resource.ts';

/** An uninterrupted run on a fresh worker process: the snapshot every interrupted run must equal. */
async function referenceRun(fx: CrashFixture): Promise<{ hashes: Map<string, string>; pages: number }> {
  const worker = await startWorkerProcess(fx.workerEnv);
  const from = fx.mark();
  try {
    const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
    const result = await handle.result();
    const requests = pageRequests(fx.simulator, from);
    assert.deepEqual([...repeatedPages(requests).values()].filter((n) => n > 0), [], 'an uninterrupted run fetches every page once');
    return { hashes: await entityHashes(fx.store, result.runId), pages: [...requests.values()].reduce((n, o) => n + o.length, 0) };
  } finally {
    await worker.stop();
  }
}

/**
 * Start a run, SIGKILL its worker once `killAfterPages` list pages were served, start a new worker,
 * and check the finished run against the reference.
 */
async function killedRun(fx: CrashFixture, reference: Map<string, string>, killAfterPages: number): Promise<{ inFlight: string[]; repeated: Map<string, number> }> {
  const first = await startWorkerProcess(fx.workerEnv);
  const from = fx.mark();
  const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
  await until(() => [...pageRequests(fx.simulator, from).values()].reduce((n, o) => n + o.length, 0) >= killAfterPages, `${killAfterPages} pages served`);
  assert.equal(await first.kill(), 'SIGKILL');
  const atKill = fx.mark();
  const second = await startWorkerProcess(fx.workerEnv);
  try {
    const result = await handle.result();
    const before = pageRequests(fx.simulator, from, atKill);
    const total = pageRequests(fx.simulator, from);
    const stats = fx.simulator.stats(fx.extensId);
    // In flight for sure: some but not all of its pages had been served before the kill.
    const inFlight = IST_RESOURCES.filter((r) => {
      const served = before.get(r)!.length;
      return served > 0 && served < new Set(total.get(r)).size;
    });
    const repeated = repeatedPages(total);
    for (const [resource, n] of repeated) {
      assert.ok(n <= PAGES_IN_FLIGHT, `${resource}: ${n} pages fetched again`);
      if (n > 0) assert.ok(before.get(resource)!.length > 0, `${resource} had not started before the kill, yet a page was fetched again`);
    }
    assert.equal(result.fetched.find((f) => f.resource === 'persons')?.records, stats.persons, 'every person once');
    const hashes = await entityHashes(fx.store, result.runId);
    assert.equal(hashes.size, reference.size, 'as many entities as the uninterrupted run');
    assert.deepEqual(hashes, reference, 'the same entities with the same content as the uninterrupted run');
    assert.equal(await stagedPageCount(fx.store, result.runId), 0, 'staged pages dropped after the run');
    return { inFlight, repeated };
  } finally {
    await second.stop();
  }
}

describe('a worker killed mid-export (separate processes, real Temporal, real PostgreSQL)', () => {
  it('when the worker is SIGKILLed while fetching and a new one starts, then the run completes with the same snapshot and at most the pages per list in flight (stored-to-be and read ahead) fetched again', { timeout: 300000 }, async () => {
    const fx = await crashFixture({ size: 'medium', pageSize: 50, temporalAddress: await temporalAddress() });
    const reference = await referenceRun(fx);
    const { inFlight } = await killedRun(fx, reference.hashes, Math.floor(reference.pages / 3));
    assert.ok(inFlight.length > 0, 'the kill landed while lists were being fetched');
  });

  it('when workers are killed at seeded random points of several runs, then every run completes exactly', { timeout: 300000 }, async () => {
    const fx = await crashFixture({ size: 'small', seed: 7, pageSize: 20, temporalAddress: await temporalAddress() });
    const reference = await referenceRun(fx);
    let seed = 20240611;
    const random = () => {
      // mulberry32: the same kill points on every run of this test.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let trial = 0; trial < 4; trial++) {
      const killAfter = 1 + Math.floor(random() * (reference.pages - 1));
      await killedRun(fx, reference.hashes, killAfter);
    }
  });
});
