import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';
import { ACTIVITY_PHASES, type ExportMetrics } from './metrics.ts';

/**
 * Every activity call of the worker: its duration and outcome per phase, its retries, and the customer id and run id
 * on every log line it writes (Temporal adds workflowId, workflowRunId, activityType, attempt). Our activities take
 * one input object with `customerId` and/or `runId`; ids only, never roster data.
 */
export function observeActivities(metrics: ExportMetrics) {
  return (ctx: Context): ActivityInterceptors => {
    let ids: Record<string, string> = {};
    const phase = ACTIVITY_PHASES[ctx.info.activityType] ?? ctx.info.activityType;
    return {
      inbound: {
        async execute(input, next) {
          ids = runIds(input.args[0]);
          if (ctx.info.attempt > 1) metrics.activityRetries.inc({ phase });
          const end = metrics.phaseDuration.startTimer({ phase });
          try {
            const result = await next(input);
            end({ outcome: 'completed' });
            return result;
          } catch (err) {
            end({ outcome: ctx.cancellationSignal.aborted ? 'cancelled' : 'failed' });
            throw err;
          }
        },
      },
      outbound: {
        getLogAttributes(attributes, next) {
          return next({ ...attributes, ...ids });
        },
      },
    };
  };
}

function runIds(arg: unknown): Record<string, string> {
  if (typeof arg !== 'object' || arg === null) return {};
  const { customerId, runId } = arg as { customerId?: unknown; runId?: unknown };
  return { ...(typeof customerId === 'string' ? { customerId } : {}), ...(typeof runId === 'string' ? { runId } : {}) };
}
