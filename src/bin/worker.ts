// The worker process: JSON logs and SDK metrics (src/observability/runtime.ts), wiring from the environment
// (src/temporal/run-worker.ts). SIGTERM/SIGINT: stop polling, let running activities finish within
// SHUTDOWN_GRACE_SECONDS, exit 0. Prints one line `worker ready <task queue>` on stdout once it polls.
import { installWorkerRuntime } from '../observability/runtime.ts';
import { startWorkerFromEnvironment } from '../temporal/run-worker.ts';

async function main(): Promise<void> {
  const runtime = await installWorkerRuntime();
  const worker = await startWorkerFromEnvironment(process.env, runtime);
  const stop = (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down: no new tasks, running activities may finish');
    void worker.shutdown();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`worker ready ${worker.taskQueue}`);
  await worker.running;
  runtime.logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error(`worker failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.exit(1);
});
