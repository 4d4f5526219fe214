import { exportWorkflowId } from '../../workflows/contract.ts';

// The one place that turns a customer id into schedule and scheduled-run ids. Customer ids are
// lower-case letters, digits and dashes (src/config/customers.ts), so these ids are URL- and shell-safe.

/** Every schedule this app owns starts with this; `schedules apply` never touches any other schedule. */
export const SCHEDULE_ID_PREFIX = 'ist-export-';

/** Memo key on each schedule we create: marks it as ours even if someone copies the id pattern. */
export const SCHEDULE_OWNER_MEMO = 'managedBy';
export const SCHEDULE_OWNER = 'ist-export schedules apply';

export function exportScheduleId(customerId: string): string {
  return `${SCHEDULE_ID_PREFIX}${customerId}`;
}

/** The customer id of one of our schedule ids, or undefined for anyone else's schedule. */
export function customerIdOfScheduleId(scheduleId: string): string | undefined {
  return scheduleId.startsWith(SCHEDULE_ID_PREFIX) ? scheduleId.slice(SCHEDULE_ID_PREFIX.length) : undefined;
}

/**
 * The workflow id the schedule action carries. The server appends the nominal start time to it, so each
 * scheduled run gets `ist-export/<customer>/scheduled-2025-01-31T17:30:00Z`: the customer, the moment, no person.
 */
export function scheduledWorkflowIdBase(customerId: string): string {
  return exportWorkflowId(customerId, 'scheduled');
}
