import type { Command } from 'commander';
import { Runtime, type LogLevel } from '@temporalio/worker';
import { createLogger, RedactingTemporalLogger } from '../log/logger.ts';
import { startWorkerFromEnvironment } from '../temporal/run-worker.ts';
import type { Act } from './program.ts';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

export function registerWorker(program: Command, act: Act): void {
  program
    .command('worker')
    .description('run a worker until SIGTERM/SIGINT (same as `npm run worker`); reads TEMPORAL_*, DATABASE_URL, CUSTOMERS_FILE, TASK_QUEUE')
    .action(
      act(async (ctx) => {
        // Through pino with redaction (src/log/logger.ts): personal fields and secrets never reach a log line.
        Runtime.install({ logger: new RedactingTemporalLogger(createLogger((LEVELS[process.env.LOG_LEVEL ?? 'warn'] ?? 'WARN').toLowerCase())) });
        const env = { ...process.env, TEMPORAL_ADDRESS: ctx.address, TEMPORAL_NAMESPACE: ctx.namespace, CUSTOMERS_FILE: ctx.customersFile, TASK_QUEUE: ctx.taskQueue };
        const worker = await startWorkerFromEnvironment(env);
        const stop = () => void worker.shutdown();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        ctx.stdout(`worker ready ${worker.taskQueue}`);
        await worker.running;
      }),
    );
}
