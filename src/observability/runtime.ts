import { Runtime } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import { freePort } from '../temporal/dev-server.ts';
import { createJsonLogger, LOG_LEVELS, temporalLogger, type LogLevelName } from './logger.ts';

export interface WorkerRuntime {
  logger: PinoLogger;
  /** Where the SDK's own Prometheus exporter listens (loopback only); our /metrics appends what it serves. */
  sdkMetricsUrl?: string;
}

/**
 * Install the Temporal Runtime of a worker process: JSON logs through pino, and the SDK's runtime metrics (polls,
 * task latencies, slots, sticky cache; `temporal_` prefix) from its Prometheus exporter, which Core serves on a
 * port of its own: we bind it to a free loopback port and serve it with ours from METRICS_PORT, so one scrape
 * target has both. Runtime.install may run once per process and before any connection or worker: call this first
 * in a main (src/bin/worker.ts, the CLI's `worker`), never in tests that create workers in-process.
 */
export async function installWorkerRuntime(env: NodeJS.ProcessEnv = process.env): Promise<WorkerRuntime> {
  const level = (LOG_LEVELS as readonly string[]).includes(env.LOG_LEVEL ?? '') ? (env.LOG_LEVEL as LogLevelName) : 'info';
  const logger = createJsonLogger(level);
  const metricsOn = env.METRICS_PORT !== '0';
  const port = metricsOn ? await freePort() : undefined;
  Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: {
      // Core's own log lines (connections, polling) forwarded to the same JSON stream.
      logging: { forward: {}, filter: { core: level === 'silent' || level === 'fatal' ? 'ERROR' : 'WARN', other: 'ERROR' } },
      ...(port ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true } } } : {}),
    },
  });
  return { logger, ...(port ? { sdkMetricsUrl: `http://127.0.0.1:${port}/metrics` } : {}) };
}
