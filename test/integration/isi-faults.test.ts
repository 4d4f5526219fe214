// The ISI route under the faults the simulator injects: each ends in one named failure an operator can act on,
// or (a slow file) in a normal run. Real Temporal, real HTTP, the store on PGlite.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startExport } from '../../src/temporal/start-export.ts';
import { RunStatus } from '../../workflows/contract.ts';
import { testDatabases } from '../support/databases.ts';
import { innermostFailureType, isiFixture, type IsiFixture } from '../support/isi-fixture.ts';

const [pglite] = testDatabases();
const TIMING = { heartbeatTimeoutSeconds: 3, retryInitialIntervalSeconds: 1 };

/** Run the ISI customer once; returns the result or the failure (type and message) it ended with. */
async function runIsi(fx: IsiFixture, env?: NodeJS.ProcessEnv) {
  const { store, dispose } = await pglite!.open();
  try {
    const handle = await startExport(fx.client, fx.isiCustomerId, { taskQueue: fx.taskQueue, fetchTiming: TIMING });
    return await fx.withWorker(
      store,
      async () => {
        try {
          return { result: await handle.result(), failure: undefined };
        } catch (err) {
          let inner = err as { cause?: unknown; message?: string };
          while (inner.cause) inner = inner.cause as typeof inner;
          const run = await store.runs.get(handle.firstExecutionRunId);
          return { result: undefined, failure: { type: innermostFailureType(err), message: inner.message ?? '', runStatus: run?.status } };
        }
      },
      env ? { env } : {},
    );
  } finally {
    await dispose();
  }
}

describe('ISI faults (simulated ISI endpoint, real Temporal)', () => {
  it('when our partner password is wrong, then the run fails with IsiPartnerLoginRefusedError naming the password variable, without retrying', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny' });
    const { failure } = await runIsi(fx, { ...fx.env, T_ISI_PASSWORD: 'wrong' });
    assert.equal(failure?.type, 'IsiPartnerLoginRefusedError');
    assert.match(failure?.message ?? '', /T_ISI_PASSWORD/);
    assert.equal(failure?.runStatus, RunStatus.Failed);
    assert.equal(fx.isi.log.filter((e) => e.outcome === 'login refused').length, 1, 'a refused login is not retried');
  });

  it('when the password variable is unset, then the run fails with CustomerCredentialsMissingError before calling ISI', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny' });
    const { failure } = await runIsi(fx, { T_IST_ID: 'x' });
    assert.equal(failure?.type, 'CustomerCredentialsMissingError');
    assert.match(failure?.message ?? '', /T_ISI_PASSWORD/);
    assert.equal(fx.isi.log.length, 0);
  });

  it('when the customer has not opened its data to our partner id, then the run fails with IsiCustomerNotOpenedError', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny', isi: { openedTo: [] } });
    const { failure } = await runIsi(fx);
    assert.equal(failure?.type, 'IsiCustomerNotOpenedError');
    assert.match(failure?.message ?? '', new RegExp(`ISI_EXTENS_ID=${fx.extensId}`));
  });

  it('when ISI loses the trigger and says so, then the run fails with IsiTriggerUnknownError', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny' });
    fx.isi.setFaults({ lostTrigger: 'fault' });
    const { failure } = await runIsi(fx);
    assert.equal(failure?.type, 'IsiTriggerUnknownError');
    assert.equal(fx.isi.triggerCount, 1, 'pushed once, not again');
  });

  it('when ISI loses the trigger silently, then the run stops at its deadline with IsiMessageDeadlineExceededError after several pulls', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny', customerIsi: { deadlineMinutes: 0.08 } });
    fx.isi.setFaults({ lostTrigger: 'silent' });
    const { failure } = await runIsi(fx);
    assert.equal(failure?.type, 'IsiMessageDeadlineExceededError');
    assert.equal(failure?.runStatus, RunStatus.Failed);
    assert.ok(fx.isi.log.filter((e) => e.operation === 'isiPartnerPull').length >= 2, 'pulled more than once before giving up');
    assert.equal(fx.isi.triggerCount, 1);
  });

  it('when the file is slow to come, then the run waits on timers between pulls and succeeds with one trigger', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny' });
    fx.isi.setFaults({ slowMessageMs: 4000 });
    const { result, failure } = await runIsi(fx);
    assert.equal(failure, undefined);
    assert.ok(result && [RunStatus.Succeeded, RunStatus.SucceededWithWarnings].includes(result.status as never));
    assert.ok(fx.isi.log.filter((e) => e.outcome === 'not ready').length >= 2);
    assert.equal(fx.isi.triggerCount, 1);
    assert.ok((result?.counts.person ?? 0) > 0);
  });

  it('when the gzip file is truncated, then the run fails with IsiFileCorruptError (gzip) and publishes nothing', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny' });
    fx.isi.setFaults({ truncatedGzip: true });
    const { failure } = await runIsi(fx);
    assert.equal(failure?.type, 'IsiFileCorruptError');
    assert.match(failure?.message ?? '', /\(gzip: /);
  });

  it('when the file holds malformed XML, then the run fails with IsiFileCorruptError (xml)', { timeout: 180_000 }, async () => {
    const fx = await isiFixture({ size: 'tiny' });
    fx.isi.setFaults({ malformedXml: true });
    const { failure } = await runIsi(fx);
    assert.equal(failure?.type, 'IsiFileCorruptError');
    assert.match(failure?.message ?? '', /\(xml: /);
  });
});
