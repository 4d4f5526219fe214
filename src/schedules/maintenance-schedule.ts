import { createHash } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { TASK_QUEUE } from '../../workflows/contract.ts';
import { MAINTENANCE_WORKFLOW_TYPE, type MaintenanceInput } from '../../workflows/maintenance-contract.ts';
import { SCHEDULE_ID_PREFIX, SCHEDULE_OWNER, SCHEDULE_OWNER_MEMO } from './ids.ts';
import { FINGERPRINT_MEMO, type DesiredSchedule, type ScheduleTarget } from './spec.ts';

// The app's own nightly schedule, reconciled by `schedules apply` next to the customer schedules. Its id shares the
// customers' prefix, so `maintenance` is a reserved customer id (src/config/customers.ts).

export const MAINTENANCE_SCHEDULE_KEY = 'maintenance';
export const MAINTENANCE_SCHEDULE_ID = `${SCHEDULE_ID_PREFIX}${MAINTENANCE_SCHEDULE_KEY}`;

/** 03:15 Stockholm: after the evening exports (and their 12 h catch-up), before the school day. */
export const MAINTENANCE_TIME = { hour: 3, minute: 15, timezone: 'Europe/Stockholm' } as const;

export function desiredMaintenanceSchedule(target: ScheduleTarget = {}): DesiredSchedule {
  const input: MaintenanceInput = { version: 1 };
  const taskQueue = target.taskQueue ?? TASK_QUEUE;
  const spec = { calendars: [{ hour: MAINTENANCE_TIME.hour, minute: MAINTENANCE_TIME.minute }], timezone: MAINTENANCE_TIME.timezone };
  const workflowId = 'ist-export/maintenance/scheduled';
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '12h', pauseOnFailure: false };
  const fingerprint = createHash('sha256').update(JSON.stringify({ spec, taskQueue, workflowId, input, policies, type: MAINTENANCE_WORKFLOW_TYPE })).digest('hex').slice(0, 16);
  return {
    customerId: MAINTENANCE_SCHEDULE_KEY,
    scheduleId: MAINTENANCE_SCHEDULE_ID,
    paused: false,
    note: undefined,
    fingerprint,
    options: {
      scheduleId: MAINTENANCE_SCHEDULE_ID,
      spec,
      action: { type: 'startWorkflow', workflowType: MAINTENANCE_WORKFLOW_TYPE, workflowId, taskQueue, args: [input], memo: { [FINGERPRINT_MEMO]: fingerprint } },
      policies,
      memo: { [SCHEDULE_OWNER_MEMO]: SCHEDULE_OWNER },
      state: { paused: false },
    },
  };
}
