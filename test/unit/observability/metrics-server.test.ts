// The worker's operations endpoints over real HTTP: health, readiness naming the failing check, and /metrics with
// the SDK's exporter text appended (or left out when it does not answer).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, it } from 'node:test';
import { Counter, Registry } from 'prom-client';
import { startMetricsServer, type MetricsServer } from '../../../src/observability/metrics-server.ts';

const servers: { close(): unknown }[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

async function serve(readiness: Parameters<typeof startMetricsServer>[0]['readiness'], extraMetricsUrl?: string): Promise<{ server: MetricsServer; registry: Registry }> {
  const registry = new Registry();
  new Counter({ name: 'ist_export_test_total', help: 'test', registers: [registry] }).inc(3);
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, readiness, checkTimeoutMs: 300, ...(extraMetricsUrl ? { extraMetricsUrl } : {}) });
  servers.push(server);
  return { server, registry };
}

describe('metrics server', () => {
  it('when every check passes, then /healthz and /readyz answer 200', async () => {
    const { server } = await serve({ store: async () => {}, temporal: async () => {} });
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: 'ok', temporal: 'ok' } });
  });

  it('when a check fails or hangs, then /readyz answers 503 naming it, and /healthz still 200', async () => {
    const { server } = await serve({
      store: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      temporal: () => new Promise(() => {}),
      worker: async () => {},
    });
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'not ready', checks: { store: 'connect ECONNREFUSED', temporal: 'no answer in 300 ms', worker: 'ok' } });
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  it("when the SDK exporter answers, then /metrics has ours and then its text; when it does not, ours alone", async () => {
    const sdk = createServer((_, res) => res.end('temporal_worker_task_slots_available{worker_type="ActivityWorker"} 20\n'));
    await new Promise<void>((resolve) => sdk.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise((resolve) => sdk.close(resolve)) });
    const port = (sdk.address() as { port: number }).port;
    const { server } = await serve({}, `http://127.0.0.1:${port}/metrics`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /^ist_export_test_total 3$/m);
    assert.match(text, /^temporal_worker_task_slots_available\{worker_type="ActivityWorker"\} 20$/m);
    assert.ok(text.indexOf('ist_export_test_total') < text.indexOf('temporal_worker'));

    const { server: alone } = await serve({}, 'http://127.0.0.1:1/metrics');
    const res = await fetch(`${alone.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^ist_export_test_total 3$/m);
    assert.equal((await fetch(`${alone.url}/nope`)).status, 404);
  });
});
