// The worker process: wiring from the environment (src/temporal/run-worker.ts), stops on SIGTERM/SIGINT.
// Prints one line `worker ready <task queue>` on stdout once it polls, for scripts and tests.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { startWorkerFromEnvironment } from '../temporal/run-worker.ts';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger(LEVELS[process.env.LOG_LEVEL ?? 'warn'] ?? 'WARN') });
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
