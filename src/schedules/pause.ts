import { ScheduleNotFoundError, type Client, type ScheduleHandle } from '@temporalio/client';
import { findCustomer, type CustomerFile } from '../config/customers.ts';
import { CustomerScheduleMissingError, ScheduleResumeBlockedError } from './errors.ts';
import { exportScheduleId } from './ids.ts';

// Operator pause/resume. The note is prefixed so `schedules apply` can tell an operator's pause (kept) from
// one that came from the customer file (undone when the file no longer says paused).

export const OPERATOR_PAUSE_NOTE_PREFIX = 'paused by operator';

export async function pauseCustomer(client: Client, file: CustomerFile, customerId: string, note: string): Promise<void> {
  findCustomer(file, customerId);
  const handle = await existingSchedule(client, customerId);
  await handle.pause(`${OPERATOR_PAUSE_NOTE_PREFIX}: ${note}`);
}

export async function resumeCustomer(client: Client, file: CustomerFile, customerId: string, note: string): Promise<void> {
  if (findCustomer(file, customerId).paused) throw new ScheduleResumeBlockedError(customerId);
  const handle = await existingSchedule(client, customerId);
  await handle.unpause(`resumed by operator: ${note}`);
}

async function existingSchedule(client: Client, customerId: string): Promise<ScheduleHandle> {
  const handle = client.schedule.getHandle(exportScheduleId(customerId));
  try {
    await handle.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new CustomerScheduleMissingError(customerId);
    throw err;
  }
  return handle;
}
