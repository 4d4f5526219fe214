import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** One readiness check: resolves when the dependency answers, throws (with a reason) when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface MetricsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** A second Prometheus text endpoint appended to ours (the Temporal SDK's runtime metrics). */
  extraMetricsUrl?: string;
  /** /readyz answers 200 only when every check passes within `checkTimeoutMs`. */
  readiness: Record<string, ReadinessCheck>;
  checkTimeoutMs?: number;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The worker's operations endpoints: `/metrics` (Prometheus text: ours, then the SDK's), `/healthz` (the process
 * answers), `/readyz` (Temporal and the store answer, and the worker still polls). JSON bodies name each check.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const timeoutMs = options.checkTimeoutMs ?? 3000;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void readiness(options.readiness, timeoutMs).then((checks) => {
        const ready = Object.values(checks).every((c) => c === 'ok');
        send(ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
      });
      return;
    }
    if (path === '/metrics') {
      void scrape(options.registry, options.extraMetricsUrl).then(
        (text) => send(200, options.registry.contentType, text),
        (err: unknown) => send(500, 'text/plain', `metrics failed: ${err instanceof Error ? err.message : String(err)}\n`),
      );
      return;
    }
    send(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`METRICS_PORT ${options.port}: cannot listen on ${options.host} (${err.code ?? err.message}); set another port, or METRICS_PORT=0 for none`)));
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function scrape(registry: Registry, extraUrl: string | undefined): Promise<string> {
  const ours = await registry.metrics();
  if (!extraUrl) return ours;
  try {
    const res = await fetch(extraUrl, { signal: AbortSignal.timeout(2000) });
    return `${ours}\n${await res.text()}`;
  } catch {
    // The SDK exporter not answering must not hide our own metrics.
    return ours;
  }
}

async function readiness(checks: Record<string, ReadinessCheck>, timeoutMs: number): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)))]);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, err instanceof Error ? err.message : String(err)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}
