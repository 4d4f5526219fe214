// The worker as production runs it, for benchmarks: its own process (src/bin/worker.ts), started with
// the node flags a benchmark asks for, its memory read from /proc. Every worker started here is killed
// when the benchmark ends, however it ends (runBench).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/cli-path.ts';

const children = new Set<ChildProcess>();

export interface BenchWorker {
  /** Resident memory now, and its peak since start (VmHWM), in MB. */
  rssMb(): number;
  peakRssMb(): number;
  /** SIGKILL: gone on the spot, mid-page. */
  kill(): void;
  /** SIGTERM: a graceful shutdown; settles once the process exited. */
  stop(): Promise<void>;
}

/** Start a worker with `env` over this process's environment and `nodeArgs` before tsx; resolves once it polls. */
export async function startBenchWorker(env: Record<string, string>, nodeArgs: string[] = []): Promise<BenchWorker> {
  // METRICS_PORT 0: a benchmark may run a second worker while the first one's port is still taken.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(PROJECT_ROOT, 'src/bin/worker.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve());
    void exited.then(() => reject(new Error('worker exited before it was ready')));
  });
  const statusMb = (field: string) => Number(/(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0) / 1024;
  return {
    rssMb: () => statusMb('VmRSS:'),
    peakRssMb: () => statusMb('VmHWM:'),
    kill: () => child.kill('SIGKILL'),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Kill every worker still running (a benchmark's `finally`). */
export function killBenchWorkers(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Run a benchmark's main: on failure print the error, kill its workers and exit 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    killBenchWorkers();
    process.exit(1);
  });
}
