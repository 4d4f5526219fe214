// A worker process dies by SIGKILL while it maps the run (buildSnapshot). The mapping activity beats
// every 2 s under a 10 s heartbeat timeout, so Temporal retries it on the new worker within seconds
// (before the streaming mapping it waited out a 2-minute timeout), and the snapshot is the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startExport } from '../../src/temporal/start-export.ts';
import { progressQuery } from '../../workflows/export-customer.ts';
import { crashFixture, entityHashes, startWorkerProcess, TEST_FETCH_TIMING } from '../support/processes.ts';
import { temporalAddress } from '../support/temporal.ts';

describe('a worker killed while mapping (separate processes, real Temporal, real PostgreSQL)', () => {
  it('when the worker is SIGKILLed during mapping and a new one starts, then the mapping is retried within seconds and the snapshot equals an undisturbed run', { timeout: 300000 }, async () => {
    const fx = await crashFixture({ size: 'medium', pageSize: 500, temporalAddress: await temporalAddress() });
    const calm = await startWorkerProcess(fx.workerEnv);
    let reference: Map<string, string>;
    try {
      const result = await (await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING })).result();
      reference = await entityHashes(fx.store, result.runId);
    } finally {
      await calm.stop();
    }

    const first = await startWorkerProcess(fx.workerEnv);
    const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
    for (;;) {
      const progress = await handle.query(progressQuery);
      if (progress.phase === 'mapping') break;
      assert.notEqual(progress.phase, 'finished', 'the run finished before it was seen mapping');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(await first.kill(), 'SIGKILL');
    const killedAt = Date.now();
    const second = await startWorkerProcess(fx.workerEnv);
    try {
      const result = await handle.result();
      const afterKillMs = Date.now() - killedAt;
      const events = (await handle.fetchHistory()).events ?? [];
      const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'buildSnapshot');
      const started = events.find((e) => e.activityTaskStartedEventAttributes && String(e.activityTaskStartedEventAttributes.scheduledEventId) === String(scheduled?.eventId));
      assert.ok((started?.activityTaskStartedEventAttributes?.attempt ?? 1) >= 2, 'the kill landed in the mapping: it ran again');
      assert.ok(afterKillMs < 60_000, `the run finished ${afterKillMs} ms after the kill: the mapping's heartbeat timeout is not seconds`);
      assert.deepEqual(await entityHashes(fx.store, result.runId), reference, 'the same snapshot as the undisturbed run');
    } finally {
      await second.stop();
    }
  });
});
