import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { MaintenanceInput, MaintenanceResult } from './maintenance-contract.ts';

// Every night, on its own schedule (ist-export-maintenance): close the store's record of runs whose workflow ended
// without closing it, drop staged raw pages of every run that is no longer running, then apply each customer's
// retention. Two activities, counts only; each is idempotent, so a retry or a second run changes nothing more.

const { sweepStaleRuns, applyRetentionAll } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export async function maintenance(input: MaintenanceInput = { version: 1 }): Promise<MaintenanceResult> {
  const sweep = await sweepStaleRuns({ version: 1, openRunGraceMinutes: input.openRunGraceMinutes ?? 60 });
  const retention = await applyRetentionAll({ version: 1 });
  return { version: 1, sweep, retention };
}
