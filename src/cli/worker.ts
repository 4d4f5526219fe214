import type { Command } from 'commander';
import { installWorkerRuntime } from '../observability/runtime.ts';
import { startWorkerFromEnvironment } from '../temporal/run-worker.ts';
import type { Act } from './program.ts';

export function registerWorker(program: Command, act: Act): void {
  program
    .command('worker')
    .description('run a worker until SIGTERM/SIGINT (same as `npm run worker`); reads TEMPORAL_*, DATABASE_URL, CUSTOMERS_FILE, TASK_QUEUE, METRICS_PORT')
    .action(
      act(async (ctx) => {
        const runtime = await installWorkerRuntime(process.env);
        const env = { ...process.env, TEMPORAL_ADDRESS: ctx.address, TEMPORAL_NAMESPACE: ctx.namespace, CUSTOMERS_FILE: ctx.customersFile, TASK_QUEUE: ctx.taskQueue };
        const worker = await startWorkerFromEnvironment(env, runtime);
        const stop = () => void worker.shutdown();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        ctx.stdout(`worker ready ${worker.taskQueue}`);
        await worker.running;
      }),
    );
}
