import { setTimeout as sleep } from 'node:timers/promises';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { startExport } from '../temporal/start-export.ts';
import { RunAlreadyInProgressError, ScheduleTriggerTimeoutError } from './errors.ts';
import { exportScheduleId } from './ids.ts';
import { runningRunsQuery } from './queries.ts';

export interface RunNowOptions {
  dryRun?: boolean;
  taskQueue?: string;
  /** How long to wait for a triggered schedule to show its new run; default 15 s. */
  triggerWaitMs?: number;
}

export interface StartedRun {
  workflowId: string;
  /** First run id; undefined only if the server did not report it. */
  runId: string | undefined;
  via: 'schedule' | 'direct';
}

/**
 * Start a customer's run now: through its schedule when it has one (so the run shows in the schedule's
 * history and obeys its overlap policy), else directly with startExport. A dry run always starts directly
 * (the schedule's action carries no dryRun input).
 */
export async function runNow(client: Client, customerId: string, options: RunNowOptions = {}): Promise<StartedRun> {
  const handle = client.schedule.getHandle(exportScheduleId(customerId));
  if (!options.dryRun) {
    try {
      const before = await handle.describe();
      const running = before.info.runningActions[0];
      if (running) throw new RunAlreadyInProgressError(customerId, running.workflow.workflowId);
      const seen = new Set(before.info.recentActions.map((a) => a.action.workflow.workflowId));
      await handle.trigger(ScheduleOverlapPolicy.SKIP);
      const deadline = Date.now() + (options.triggerWaitMs ?? 15_000);
      while (Date.now() < deadline) {
        const after = await handle.describe();
        const fresh = after.info.recentActions.find((a) => !seen.has(a.action.workflow.workflowId));
        if (fresh) return { workflowId: fresh.action.workflow.workflowId, runId: fresh.action.workflow.firstExecutionRunId, via: 'schedule' };
        await sleep(200);
      }
      throw new ScheduleTriggerTimeoutError(customerId);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  for await (const running of client.workflow.list({ query: runningRunsQuery(customerId), pageSize: 1 })) {
    throw new RunAlreadyInProgressError(customerId, running.workflowId);
  }
  const started = await startExport(client, customerId, { dryRun: options.dryRun, taskQueue: options.taskQueue });
  return { workflowId: started.workflowId, runId: started.firstExecutionRunId, via: 'direct' };
}
