// The export on the real Temporal dev server against a misbehaving IST (the simulator's fault plan):
// transient faults must leave exactly the snapshot of a clean run; the others must fail the run with
// the named error at once.
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { after, before, describe, it } from 'node:test';
import type { IstClientTuning } from '../../activities/ist-clients.ts';
import type { FaultPlan } from '../../src/simulator/index.ts';
import { UNKNOWN_CODE_VALUES } from '../../src/simulator/index.ts';
import { loadReport } from '../../src/quality/report.ts';
import type { Store } from '../../src/store/index.ts';
import type { ExportCustomerInput, ExportCustomerResult } from '../../workflows/contract.ts';
import { testDatabases } from '../support/databases.ts';
import { exportFixture, type ExportFixture } from '../support/export-fixture.ts';

const TUNING: IstClientTuning = { retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 3_000, budgetMs: 20_000 }, headersTimeoutMs: 300, bodyTimeoutMs: 300 };
const backend = testDatabases().at(-1)!; // the real Postgres under npm test

// Created at the top level: the fixture's clean-up hooks then belong to the file, not to a hook.
const fx: ExportFixture = await exportFixture({ size: 'tiny', seed: 3 }, { customer: { pageSize: 10, requestsPerSecond: 500 } });
const opened = await backend.open();
const store: Store = opened.store;
after(() => opened.dispose());
let cleanHashes: string[];

/** One dry run (snapshot built, nothing published, never held), with short client and retry timings. */
async function run(env?: NodeJS.ProcessEnv): Promise<ExportCustomerResult> {
  const input: ExportCustomerInput = { version: 1, customerId: fx.customerId, dryRun: true, fetchTiming: { heartbeatTimeoutSeconds: 10, retryInitialIntervalSeconds: 1 } };
  const handle = await fx.client.workflow.start('exportCustomer', { taskQueue: fx.taskQueue, workflowId: `ist-faults-${fx.customerId}-${Date.now()}`, args: [input] });
  return fx.withWorker(store, () => handle.result() as Promise<ExportCustomerResult>, { ist: TUNING, ...(env ? { env } : {}) });
}

async function snapshotHashes(runId: string): Promise<string[]> {
  const rows = await store.db.query<{ t: string; id: string; h: string }>('SELECT entity_type AS t, entity_id AS id, content_hash AS h FROM snapshot_entities WHERE run_id = $1 ORDER BY 1, 2', [runId]);
  return rows.map((r) => `${r.t}/${r.id}/${r.h}`);
}

/** Run under `plan`; the snapshot must equal the clean run's, and the fault must have happened. */
async function assertSameSnapshot(plan: FaultPlan, kind: string): Promise<ExportCustomerResult> {
  fx.simulator.faults.set(plan);
  const from = fx.simulator.faults.events.length;
  try {
    const result = await run();
    assert.deepEqual(await snapshotHashes(result.runId), cleanHashes);
    assert.ok(fx.simulator.faults.events.slice(from).some((e) => e.kind === kind), `the simulator injected ${kind}`);
    return result;
  } finally {
    fx.simulator.faults.set({});
  }
}

async function assertFails(plan: FaultPlan, type: string, message: RegExp, env?: NodeJS.ProcessEnv): Promise<void> {
  fx.simulator.faults.set(plan);
  try {
    await assert.rejects(run(env), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      // The run fails with the named error as its type (not Temporal's "Activity task failed" wrapper).
      const cause = err.cause as { type?: string; message?: string } | undefined;
      assert.equal(cause?.type, type);
      assert.match(cause?.message ?? '', message);
      return true;
    });
  } finally {
    fx.simulator.faults.set({});
  }
}

describe(`IST faults through the exportCustomer workflow (store on ${backend.name})`, () => {
  before(async () => {
    const clean = await run();
    cleanHashes = await snapshotHashes(clean.runId);
    assert.ok(cleanHashes.length > 40);
  });

  it('when IST answers 429 bursts with Retry-After, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ rateLimit: { every: 5, burst: 2, retryAfterSeconds: 1 } }, 'rateLimit');
  });

  it('when IST is source_unavailable (503) for a while, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ unavailable: { afterRequests: 4, requests: 3 } }, 'unavailable');
  });

  it('when IST answers random 5xx, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ seed: 11, serverErrors: { rate: 0.25 } }, 'serverError');
  });

  it('when responses are slower than the client timeouts, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ seed: 12, latency: { rate: 0.25, headersMs: 600 } }, 'latency');
  });

  it('when bodies stall past the body timeout, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ seed: 13, latency: { rate: 0.25, bodyStallMs: 600 } }, 'latency');
  });

  it('when bodies are truncated JSON, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ seed: 14, truncatedJson: { rate: 0.25 } }, 'truncatedJson');
  });

  it('when connections reset mid-body, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ seed: 15, connectionReset: { rate: 0.25 } }, 'connectionReset');
  });

  it('when the token expires mid-run, then the snapshot equals a clean run', async () => {
    await assertSameSnapshot({ tokenExpiry: { afterRequests: 6 } }, 'tokenExpiry');
  });

  it('when IST expires page tokens during an outage, then the listing restarts from page 1 and the snapshot equals a clean run', async () => {
    // The 503s carry Retry-After 2 s; page tokens live 1 s: the retried page's token is gone (410).
    await assertSameSnapshot({ pageTokenMaxAgeSeconds: 1, unavailable: { afterRequests: 8, requests: 6, retryAfterSeconds: 2 } }, 'pageTokenExpired');
  });

  it('when an outage outlasts the in-request retries, then Temporal retries the fetch and the snapshot equals a clean run', async () => {
    // 4 tries per page in-request; 12 refusals in a row cannot be absorbed there.
    await assertSameSnapshot({ unavailable: { afterRequests: 2, requests: 12 } }, 'unavailable');
  });

  it('when IST answers 403, then the run fails at once with IstAccessNotGrantedError naming partner and extensId', async () => {
    const from = fx.simulator.faults.events.length;
    await assertFails({ respond: { status: 403, code: 'forbidden', message: 'no access' } }, 'IstAccessNotGrantedError', new RegExp(`ISI_INTEGRATION_PARTNER_ID=${fx.config.integrationPartnerId} on ISI_EXTENS_ID=${fx.extensId}`));
    assert.ok(fx.simulator.faults.events.length - from <= 6, 'one request per list at most: no retries');
  });

  it('when the client secret is refused, then the run fails with IstClientCredentialsRejectedError naming the customer', async () => {
    await assertFails({}, 'IstClientCredentialsRejectedError', new RegExp(`customer "${fx.customerId}": IST refused the client id/secret`), { ...fx.env, T_IST_SECRET: 'wrong' });
  });

  it('when some records are invalid, then they are quarantined with field named, counted in the result, and the run completes', async () => {
    fx.simulator.faults.set({ seed: 5, invalidRecords: { rate: 0.1 } });
    try {
      const result = await run();
      const expected = (['persons', 'duties', 'groups'] as const).flatMap((r) => fx.simulator.faults.invalidRecordIds(r).map((id) => `${r}/${id}`));
      assert.ok(expected.length > 0);
      const quarantined = await store.staging.quarantined(result.runId);
      for (const id of expected) assert.ok(quarantined.some((q) => `${q.resource}/${q.istId}` === id), `${id} quarantined`);
      assert.equal(result.fetched.reduce((n, f) => n + f.quarantined, 0), quarantined.length);
      assert.ok(quarantined.every((q) => q.field.length > 0 && q.reason.length > 0));
      assert.deepEqual(new Set(quarantined.filter((q) => q.resource === 'duties').map((q) => q.field)), new Set(['dutyAt']));
    } finally {
      fx.simulator.faults.set({});
    }
  });

  it('when IST sends values outside the SS 12000 code lists, then the fetch result reports each field/value once', async () => {
    fx.simulator.faults.set({ seed: 6, unknownCodes: { rate: 0.3 } });
    try {
      const result = await run();
      const duties = result.fetched.find((f) => f.resource === 'duties');
      const persons = result.fetched.find((f) => f.resource === 'persons');
      assert.deepEqual(duties?.unknownCodes?.map((u) => [u.field, u.value]), [['duties.dutyRole', UNKNOWN_CODE_VALUES.dutyRole]]);
      assert.deepEqual(persons?.unknownCodes?.map((u) => [u.field, u.value]), [['persons.emails[].type', UNKNOWN_CODE_VALUES.emailType]]);
      assert.equal(duties?.records, (await run()).fetched.find((f) => f.resource === 'duties')?.records, 'no duty dropped');
      // Issue 11: one data-quality report row per record carrying an unknown value, with its IST id.
      const rows = (await loadReport(store, result.runId))?.rows.filter((r) => r.rule === 'unknown_code') ?? [];
      assert.equal(rows.filter((r) => r.list === 'duties').length, duties?.unknownCodes?.[0]?.records);
      assert.equal(rows.filter((r) => r.list === 'persons').length, persons?.unknownCodes?.[0]?.records);
      assert.ok(rows.every((r) => r.istId && r.severity === 'warning' && r.detail.includes('is not in the SS 12000 2.1 code list')));
    } finally {
      fx.simulator.faults.set({});
    }
  });
});
