import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { CustomerFile } from '../config/customers.ts';
import { customerIdOfScheduleId, SCHEDULE_OWNER, SCHEDULE_OWNER_MEMO } from './ids.ts';
import { desiredMaintenanceSchedule } from './maintenance-schedule.ts';
import { desiredSchedule, FILE_PAUSE_NOTE_PREFIX, FINGERPRINT_MEMO, type DesiredSchedule, type ScheduleTarget } from './spec.ts';

// `schedules apply`: make Temporal's schedules match the customer file, one schedule per customer.
// Only schedules we own are touched: id prefix SCHEDULE_ID_PREFIX and our memo mark, both.

export const ScheduleChangeKind = {
  Create: 'create',
  Update: 'update',
  Pause: 'pause',
  Unpause: 'unpause',
  Delete: 'delete',
  /** Paused by an operator (CLI, Web UI), not by the file: left paused, reported. */
  KeptPaused: 'kept-paused',
} as const;
export type ScheduleChangeKind = (typeof ScheduleChangeKind)[keyof typeof ScheduleChangeKind];

export interface ScheduleChange {
  kind: ScheduleChangeKind;
  customerId: string;
  scheduleId: string;
  detail: string;
}

/** What apply needs of an existing schedule; read from describe(). */
export interface ExistingSchedule {
  scheduleId: string;
  customerId: string;
  fingerprint: string | undefined;
  paused: boolean;
  note: string | undefined;
}

/** Pure: the changes that turn `existing` into `desired`. Unchanged schedules produce nothing. */
export function planChanges(desired: DesiredSchedule[], existing: ExistingSchedule[]): ScheduleChange[] {
  const byId = new Map(existing.map((e) => [e.scheduleId, e]));
  const changes: ScheduleChange[] = [];
  for (const want of desired) {
    const have = byId.get(want.scheduleId);
    const base = { customerId: want.customerId, scheduleId: want.scheduleId };
    if (!have) {
      changes.push({ ...base, kind: ScheduleChangeKind.Create, detail: want.paused ? `created paused (${want.note})` : 'created' });
      continue;
    }
    byId.delete(want.scheduleId);
    const pausedByFile = have.paused && (have.note ?? '').startsWith(FILE_PAUSE_NOTE_PREFIX);
    if (have.fingerprint !== want.fingerprint) {
      changes.push({ ...base, kind: ScheduleChangeKind.Update, detail: 'spec, policies or action changed' });
    }
    if (want.paused && (!have.paused || have.note !== want.note)) {
      changes.push({ ...base, kind: ScheduleChangeKind.Pause, detail: want.note ?? '' });
    } else if (!want.paused && pausedByFile) {
      changes.push({ ...base, kind: ScheduleChangeKind.Unpause, detail: 'no longer paused in the customer file' });
    } else if (!want.paused && have.paused) {
      changes.push({ ...base, kind: ScheduleChangeKind.KeptPaused, detail: `paused by an operator: ${have.note ?? ''} (ist-export resume to undo)` });
    }
  }
  for (const orphan of byId.values()) {
    changes.push({ kind: ScheduleChangeKind.Delete, customerId: orphan.customerId, scheduleId: orphan.scheduleId, detail: 'customer no longer in the customer file' });
  }
  return changes;
}

/** Our schedules on the server, described. */
export async function listOwnedSchedules(client: Client): Promise<ExistingSchedule[]> {
  const out: ExistingSchedule[] = [];
  for await (const summary of client.schedule.list()) {
    const customerId = customerIdOfScheduleId(summary.scheduleId);
    if (!customerId) continue;
    let description: ScheduleDescription;
    try {
      description = await client.schedule.getHandle(summary.scheduleId).describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) continue; // deleted meanwhile; listing is eventually consistent
      throw err;
    }
    if (description.memo?.[SCHEDULE_OWNER_MEMO] !== SCHEDULE_OWNER) continue;
    out.push(describedSchedule(customerId, description));
  }
  return out;
}

export function describedSchedule(customerId: string, description: ScheduleDescription): ExistingSchedule {
  const fingerprint = description.action.memo?.[FINGERPRINT_MEMO];
  return {
    scheduleId: description.scheduleId,
    customerId,
    fingerprint: typeof fingerprint === 'string' ? fingerprint : undefined,
    paused: description.state.paused,
    note: description.state.note || undefined,
  };
}

export interface ApplyOptions extends ScheduleTarget {
  /** Plan only. */
  dryRun?: boolean;
}

/** Reconcile and return what was (or, with dryRun, would be) changed. A second apply returns []. */
export async function applySchedules(client: Client, file: CustomerFile, options: ApplyOptions = {}): Promise<ScheduleChange[]> {
  // The nightly maintenance schedule is ours as well: created, updated and kept like a customer's.
  const desired = [...file.customers.map((c) => desiredSchedule(c, options)), desiredMaintenanceSchedule(options)];
  const changes = planChanges(desired, await listOwnedSchedules(client));
  if (options.dryRun) return changes;
  const wanted = new Map(desired.map((d) => [d.scheduleId, d]));
  for (const change of changes) {
    const want = wanted.get(change.scheduleId);
    const handle = client.schedule.getHandle(change.scheduleId);
    switch (change.kind) {
      case ScheduleChangeKind.Create:
        await client.schedule.create(want!.options);
        break;
      case ScheduleChangeKind.Update:
        await handle.update((previous) => ({
          spec: want!.options.spec,
          action: want!.options.action,
          policies: want!.options.policies,
          typedSearchAttributes: want!.options.typedSearchAttributes,
          state: { paused: previous.state.paused, note: previous.state.note },
        }));
        break;
      case ScheduleChangeKind.Pause:
        await handle.pause(want!.note);
        break;
      case ScheduleChangeKind.Unpause:
        await handle.unpause('un-paused by schedules apply: not paused in the customer file');
        break;
      case ScheduleChangeKind.Delete:
        await handle.delete();
        break;
      case ScheduleChangeKind.KeptPaused:
        break;
    }
  }
  return changes;
}


/** Notices (kept-paused) change nothing; everything else is a real change. */
export function isChange(change: ScheduleChange): boolean {
  return change.kind !== ScheduleChangeKind.KeptPaused;
}
