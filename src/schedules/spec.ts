import { createHash } from 'node:crypto';
import { ScheduleOverlapPolicy, type ScheduleOptions, type ScheduleSpec } from '@temporalio/client';
import type { Customer } from '../config/customers.ts';
import { RunStatus, SEARCH_ATTRIBUTES, TASK_QUEUE, type ExportCustomerInput } from '../../workflows/contract.ts';
import type { CustomerSchedule } from './customer-schedule.ts';
import { exportScheduleId, scheduledWorkflowIdBase, SCHEDULE_OWNER, SCHEDULE_OWNER_MEMO } from './ids.ts';

/** Every evening after the working day, Stockholm time, spread over half an hour. */
export const DEFAULT_SCHEDULE = { hour: 18, minute: 30, timezone: 'Europe/Stockholm', jitter: '30m' } as const;

/**
 * Missed starts (server down at 18:30) are still taken up to 12 hours late, i.e. before the next school day;
 * anything older is left to the next evening's run.
 */
export const CATCHUP_WINDOW = '12h';

/** Memo key on the schedule's workflow action holding a fingerprint of the options, so apply can see drift. */
export const FINGERPRINT_MEMO = 'istScheduleFingerprint';

/** Note on a schedule paused because the customer file says `paused: true`; apply un-pauses only these. */
export const FILE_PAUSE_NOTE_PREFIX = 'paused in customer file';

export interface ScheduleTarget {
  /** Task queue the workers poll; default TASK_QUEUE. */
  taskQueue?: string;
}

/** What one customer's schedule should look like: the options to create it with and a fingerprint of them. */
export interface DesiredSchedule {
  customerId: string;
  scheduleId: string;
  options: ScheduleOptions;
  paused: boolean;
  note: string | undefined;
  fingerprint: string;
}

export function scheduleSpecFor(schedule: CustomerSchedule | undefined): ScheduleSpec {
  const timezone = schedule?.timezone ?? DEFAULT_SCHEDULE.timezone;
  const jitter = schedule?.jitter ?? DEFAULT_SCHEDULE.jitter;
  if (schedule?.cron) return { cronExpressions: [schedule.cron], timezone, jitter };
  const calendar = schedule?.calendar ?? { hour: DEFAULT_SCHEDULE.hour, minute: DEFAULT_SCHEDULE.minute };
  return {
    calendars: [{ hour: calendar.hour, minute: calendar.minute, ...('daysOfWeek' in calendar && calendar.daysOfWeek ? { dayOfWeek: calendar.daysOfWeek } : {}) }],
    timezone,
    jitter,
  };
}

export function fileNote(customer: Customer): string {
  return customer.note ? `${FILE_PAUSE_NOTE_PREFIX}: ${customer.note}` : FILE_PAUSE_NOTE_PREFIX;
}

export function desiredSchedule(customer: Customer, target: ScheduleTarget = {}): DesiredSchedule {
  const input: ExportCustomerInput = { version: 1, customerId: customer.id };
  const spec = scheduleSpecFor(customer.schedule);
  const taskQueue = target.taskQueue ?? TASK_QUEUE;
  const workflowId = scheduledWorkflowIdBase(customer.id);
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW, pauseOnFailure: false };
  const fingerprint = createHash('sha256').update(JSON.stringify({ spec, taskQueue, workflowId, input, policies })).digest('hex').slice(0, 16);
  const paused = customer.paused;
  const note = paused ? fileNote(customer) : undefined;
  return {
    customerId: customer.id,
    scheduleId: exportScheduleId(customer.id),
    paused,
    note,
    fingerprint,
    options: {
      scheduleId: exportScheduleId(customer.id),
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'exportCustomer',
        workflowId,
        taskQueue,
        args: [input],
        memo: { [FINGERPRINT_MEMO]: fingerprint },
        // Set on each run, so the Web UI and `temporal workflow list --query` can filter before the workflow starts.
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.customerId, value: customer.id },
          { key: SEARCH_ATTRIBUTES.runStatus, value: RunStatus.Running },
        ],
      },
      policies,
      memo: { [SCHEDULE_OWNER_MEMO]: SCHEDULE_OWNER, customerId: customer.id },
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.customerId, value: customer.id }],
      state: { paused, ...(note ? { note } : {}) },
    },
  };
}
