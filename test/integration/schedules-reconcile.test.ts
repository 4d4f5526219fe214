import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { parseCustomerFile } from '../../src/config/customers.ts';
import { exportScheduleId } from '../../src/schedules/ids.ts';
import { MAINTENANCE_SCHEDULE_ID } from '../../src/schedules/maintenance-schedule.ts';
import { applySchedules, isChange } from '../../src/schedules/reconcile.ts';
import { SEARCH_ATTRIBUTES } from '../../workflows/contract.ts';
import { customerEntry, freshNamespace } from '../support/cli.ts';

const file = (...customers: Record<string, unknown>[]) => parseCustomerFile({ customers }, 'test customers', {});
const kinds = (changes: { kind: string; customerId: string }[]) => changes.map((c) => `${c.kind} ${c.customerId}`).sort();

describe('schedules apply on a real Temporal server', () => {
  it('when the customer file changes, then apply creates, updates, pauses, un-pauses and deletes only our schedules, and a second apply changes nothing', async () => {
    const { client } = await freshNamespace();
    const foreign = await client.schedule.create({ scheduleId: 'other-app-nightly', spec: { intervals: [{ every: '1d' }] }, action: { type: 'startWorkflow', workflowType: 'other', taskQueue: 'other' } });
    const lookalike = await client.schedule.create({ scheduleId: exportScheduleId('not-ours'), spec: { intervals: [{ every: '1d' }] }, action: { type: 'startWorkflow', workflowType: 'other', taskQueue: 'other' } });

    const first = file(customerEntry('kommun-a'), customerEntry('kommun-b', { paused: true, note: 'contract ends in May' }), customerEntry('kommun-c', { schedule: { cron: '0 20 * * 1-5', timezone: 'Europe/Helsinki' } }));
    assert.deepEqual(kinds(await applySchedules(client, first)), ['create kommun-a', 'create kommun-b', 'create kommun-c', 'create maintenance']);

    const a = await client.schedule.getHandle(exportScheduleId('kommun-a')).describe();
    assert.equal(a.spec.timezone, 'Europe/Stockholm');
    assert.deepEqual(a.spec.calendars?.map((c) => [c.hour[0]?.start, c.minute[0]?.start]), [[18, 30]]);
    assert.equal(a.spec.jitter, 30 * 60_000);
    assert.equal(a.policies.overlap, 'SKIP');
    assert.equal(a.policies.catchupWindow, 12 * 3600_000);
    assert.equal(a.state.paused, false);
    assert.equal(a.action.workflowId, 'ist-export/kommun-a/scheduled');
    assert.equal((a.action.typedSearchAttributes as TypedSearchAttributes | undefined)?.get(SEARCH_ATTRIBUTES.customerId), 'kommun-a');
    assert.equal(a.typedSearchAttributes.get(SEARCH_ATTRIBUTES.customerId), 'kommun-a');
    const b = await client.schedule.getHandle(exportScheduleId('kommun-b')).describe();
    assert.deepEqual([b.state.paused, b.state.note], [true, 'paused in customer file: contract ends in May']);
    const c = await client.schedule.getHandle(exportScheduleId('kommun-c')).describe();
    assert.equal(c.spec.timezone, 'Europe/Helsinki');
    assert.ok(c.info.nextActionTimes.every((t) => [1, 2, 3, 4, 5].includes(new Date(t.getTime() + 3 * 3600_000).getUTCDay())), 'weekdays only');

    const maintenance = await client.schedule.getHandle(MAINTENANCE_SCHEDULE_ID).describe();
    assert.equal(maintenance.action.type === 'startWorkflow' && maintenance.action.workflowType, 'maintenance');
    assert.deepEqual(maintenance.spec.calendars?.map((c) => [c.hour[0]?.start, c.minute[0]?.start]), [[3, 15]]);

    assert.deepEqual((await applySchedules(client, first)).filter(isChange), [], 'a second apply changes nothing');

    const second = file(customerEntry('kommun-b'), customerEntry('kommun-c', { schedule: { cron: '0 21 * * *', timezone: 'Europe/Helsinki' } }));
    assert.deepEqual(kinds(await applySchedules(client, second)), ['delete kommun-a', 'unpause kommun-b', 'update kommun-c']);
    await assert.rejects(client.schedule.getHandle(exportScheduleId('kommun-a')).describe(), ScheduleNotFoundError);
    assert.equal((await client.schedule.getHandle(exportScheduleId('kommun-b')).describe()).state.paused, false);
    assert.deepEqual((await client.schedule.getHandle(exportScheduleId('kommun-c')).describe()).spec.calendars?.map((s) => s.hour[0]?.start), [21]);
    assert.deepEqual((await applySchedules(client, second)).filter(isChange), []);

    // Not ours: a different id, and our prefix without our memo mark.
    assert.equal((await foreign.describe()).scheduleId, 'other-app-nightly');
    assert.equal((await lookalike.describe()).scheduleId, exportScheduleId('not-ours'));
  });
});
