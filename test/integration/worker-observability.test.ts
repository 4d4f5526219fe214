// A worker process as deployed: its /metrics, /healthz, /readyz and JSON logs during a real export (real
// simulator, real Temporal, real PostgreSQL), and its graceful shutdown on SIGTERM in the middle of a fetch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../../src/temporal/dev-server.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { IST_RESOURCES } from '../../workflows/contract.ts';
import { crashFixture, pageRequests, repeatedPages, stagedPageCount, startWorkerProcess, TEST_FETCH_TIMING, until } from '../support/processes.ts';
import { scrape, sum } from '../support/prometheus.ts';
import { temporalAddress } from '../support/temporal.ts';

/** Label names our metrics may carry: ids, list names, codes and rule names, never personal data. */
const ALLOWED_LABELS = new Set(['customer', 'resource', 'status', 'phase', 'outcome', 'rule', 'severity', 'entity_type', 'change', 'le', 'quantile']);

describe('worker observability (worker process, real Temporal, real PostgreSQL, simulator)', () => {
  it('when a run completes, then /metrics counts its pages, records, IST requests, phases, findings, changes and outcome, and every activity log line carries customer, run and workflow ids', { timeout: 240000 }, async () => {
    const fx = await crashFixture({ size: 'small', pageSize: 25, temporalAddress: await temporalAddress() });
    const port = await freePort();
    const worker = await startWorkerProcess({ ...fx.workerEnv, METRICS_PORT: String(port), LOG_LEVEL: 'info' });
    const base = `http://127.0.0.1:${port}`;
    try {
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      const ready = await fetch(`${base}/readyz`);
      assert.deepEqual(await ready.json(), { status: 'ready', checks: { worker: 'ok', temporal: 'ok', store: 'ok' } });
      const before = await scrape(base);
      assert.equal(sum(before, 'ist_export_runs_total', { customer: fx.customerId }), 0);
      assert.equal(sum(before, 'ist_export_customer_last_success_timestamp_seconds', { customer: fx.customerId }), 0, 'a customer of the file without a run shows 0');
      const startedAt = Date.now() / 1000;

      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      const result = await handle.result();
      const after = await scrape(base);
      const customer = fx.customerId;

      for (const f of result.fetched) {
        assert.equal(sum(after, 'ist_export_pages_fetched_total', { customer, resource: f.resource }), f.pages, `${f.resource} pages`);
        assert.equal(sum(after, 'ist_export_records_fetched_total', { customer, resource: f.resource }), f.records, `${f.resource} records`);
        assert.ok(sum(after, 'ist_export_ist_requests_total', { customer, resource: f.resource, status: '200' }) >= f.pages, `${f.resource} IST 200 answers`);
      }
      assert.equal(sum(after, 'ist_export_ist_request_duration_seconds_count'), sum(after, 'ist_export_ist_requests_total', { customer }), 'one latency sample per IST exchange');
      for (const phase of ['begin', 'fetch', 'snapshot', 'diff', 'publish', 'finish']) {
        assert.ok(sum(after, 'ist_export_phase_duration_seconds_count', { phase, outcome: 'completed' }) > 0, `phase ${phase} timed`);
      }
      assert.equal(sum(after, 'ist_export_runs_total', { customer, status: result.status }), 1);
      assert.equal(sum(after, 'ist_export_run_duration_seconds_count', { status: result.status }), 1);
      assert.equal(sum(after, 'ist_export_data_quality_issues_total', { customer, severity: 'error' }), result.issues.errors);
      assert.equal(sum(after, 'ist_export_data_quality_issues_total', { customer, severity: 'warning' }), result.issues.warnings);
      assert.equal(sum(after, 'ist_export_data_quality_findings_total', { customer }), result.issues.errors + result.issues.warnings);
      const created = Object.values(result.changes ?? {}).reduce((n, c) => n + c.created, 0);
      assert.ok(created > 0, 'a first run creates entities');
      assert.equal(sum(after, 'ist_export_changes_published_total', { customer, change: 'created' }), created);
      assert.ok(sum(after, 'ist_export_customer_last_success_timestamp_seconds', { customer }) >= Math.floor(startedAt), 'last success moved to this run');
      assert.equal(sum(after, 'ist_export_customer_consecutive_failed_runs', { customer }), 0);
      assert.ok(after.some((s) => s.name.startsWith('temporal_')), "the SDK's runtime metrics are served too");
      for (const s of after.filter((x) => x.name.startsWith('ist_export_'))) {
        for (const label of Object.keys(s.labels)) assert.ok(ALLOWED_LABELS.has(label), `${s.name} has label ${label}`);
      }

      // Log lines pass the SDK's 100 ms reordering buffer before they are written.
      await until(() => worker.stdoutLines().some((l) => l.includes('"run finished"')), 'the run-end log line', 10_000);
      const logs = worker.stdoutLines().filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const activityLines = logs.filter((l) => l.sdkComponent === 'activity');
      const finished = activityLines.filter((l) => l.msg === 'run finished');
      assert.equal(finished.length, 1, 'one line per run at its end');
      assert.equal(finished[0]!.outcome, result.status);
      for (const line of activityLines) {
        assert.equal(line.workflowId, handle.workflowId, `workflowId on "${String(line.msg)}"`);
        assert.equal(line.runId, result.runId, `runId on "${String(line.msg)}"`);
        assert.equal(line.customerId, customer, `customerId on "${String(line.msg)}"`);
      }
    } finally {
      await worker.stop();
    }
  });

  it('when SIGTERM reaches a worker mid-fetch, then it finishes the running chunks, exits 0, and a new worker completes the run with no page lost or fetched twice', { timeout: 300000 }, async () => {
    const fx = await crashFixture({ size: 'medium', pageSize: 50, temporalAddress: await temporalAddress(), chunkPages: 10 });
    const first = await startWorkerProcess({ ...fx.workerEnv, SHUTDOWN_GRACE_SECONDS: '30' });
    const from = fx.mark();
    const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
    const served = () => [...pageRequests(fx.simulator, from).values()].reduce((n, o) => n + o.length, 0);
    await until(() => served() >= 15, '15 pages served');
    const atSignal = served();
    assert.equal(await first.stop(), '0', 'the worker exits 0 after SIGTERM');
    const atExit = fx.mark();
    assert.ok(served() > atSignal, 'running chunks went on fetching after SIGTERM');

    const second = await startWorkerProcess(fx.workerEnv);
    try {
      const result = await handle.result();
      const requests = pageRequests(fx.simulator, from);
      assert.ok(IST_RESOURCES.some((r) => requests.get(r)!.length > pageRequests(fx.simulator, from, atExit).get(r)!.length), 'the second worker had pages left to fetch');
      assert.deepEqual(Object.fromEntries(repeatedPages(requests)), Object.fromEntries(IST_RESOURCES.map((r) => [r, 0])), 'no page fetched twice');
      const stats = fx.simulator.stats(fx.extensId);
      assert.equal(result.fetched.find((f) => f.resource === 'persons')?.records, stats.persons, 'every person once');
      assert.equal(result.fetched.find((f) => f.resource === 'duties')?.records, stats.duties, 'every duty once');
      assert.equal(result.fetched.find((f) => f.resource === 'groups')?.records, stats.groups, 'every group once');
      for (const f of result.fetched) assert.equal(f.pages, new Set(requests.get(f.resource)).size, `${f.resource}: every served page stored once`);
      assert.equal(await stagedPageCount(fx.store, result.runId), 0);
    } finally {
      await second.stop();
    }
  });

  it('when OTEL_TRACES_EXPORTER=console and the worker bundles its workflows, then workflow and activity spans of a run share one trace', { timeout: 240000 }, async () => {
    const fx = await crashFixture({ size: 'tiny', pageSize: 100, temporalAddress: await temporalAddress() });
    const worker = await startWorkerProcess({ ...fx.workerEnv, OTEL_TRACES_EXPORTER: 'console', LOG_LEVEL: 'info', WORKFLOW_BUNDLE: '' });
    try {
      const handle = await startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, fetchTiming: TEST_FETCH_TIMING });
      await handle.result();
      const spans = () => worker.stdoutLines().filter((l) => l.includes('"msg":"span"')).map((l) => JSON.parse(l) as { traceId: string; span: string; parentSpanId?: string });
      await until(() => spans().some((s) => s.span === 'RunActivity:finishRun'), 'the finishRun span', 15_000);
      const fetches = spans().filter((s) => s.span === 'RunActivity:fetchResourceChunk');
      assert.ok(fetches.length >= 6, 'a span per fetch chunk');
      const workflowSpans = spans().filter((s) => s.span.startsWith('RunWorkflow:exportCustomer'));
      assert.ok(workflowSpans.length > 0, 'the workflow has spans (interceptors bundled at start)');
      const traces = new Set(workflowSpans.map((s) => s.traceId));
      for (const span of fetches) {
        assert.ok(span.parentSpanId, 'an activity span has a parent');
        assert.ok(traces.has(span.traceId), "an activity span is in its workflow's trace");
      }
    } finally {
      await worker.stop();
    }
  });
});
