// The worker process: wiring from the environment (src/temporal/run-worker.ts), stops on SIGTERM/SIGINT.
// Prints one line `worker ready <task queue>` on stdout once it polls, for scripts and tests.
import { Runtime, type LogLevel } from '@temporalio/worker';
import { createLogger, RedactingTemporalLogger } from '../log/logger.ts';
import { startWorkerFromEnvironment } from '../temporal/run-worker.ts';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

async function main(): Promise<void> {
  // Through pino with redaction (src/log/logger.ts): personal fields and secrets never reach a log line.
  Runtime.install({ logger: new RedactingTemporalLogger(createLogger((LEVELS[process.env.LOG_LEVEL ?? 'warn'] ?? 'WARN').toLowerCase())) });
  const worker = await startWorkerFromEnvironment();
  const stop = () => void worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`worker ready ${worker.taskQueue}`);
  await worker.running;
}

main().catch((err: unknown) => {
  console.error(`worker failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.exit(1);
});
