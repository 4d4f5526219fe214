import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCustomerFile, type Customer } from '../../../src/config/customers.ts';
import { exportScheduleId, customerIdOfScheduleId, scheduledWorkflowIdBase } from '../../../src/schedules/ids.ts';
import { isChange, planChanges, ScheduleChangeKind, type ExistingSchedule } from '../../../src/schedules/reconcile.ts';
import { CATCHUP_WINDOW, desiredSchedule, DEFAULT_SCHEDULE } from '../../../src/schedules/spec.ts';
import { OPERATOR_PAUSE_NOTE_PREFIX } from '../../../src/schedules/pause.ts';

function customers(...entries: Record<string, unknown>[]): Customer[] {
  return parseCustomerFile({ customers: entries.map((e) => ({ name: 'K', extensId: 'EXT1', tier: 'silver', clientIdEnv: 'A', clientSecretEnv: 'B', ...e })) }, 'test', {}).customers;
}

function existing(c: Customer, over: Partial<ExistingSchedule> = {}): ExistingSchedule {
  const d = desiredSchedule(c);
  return { scheduleId: d.scheduleId, customerId: c.id, fingerprint: d.fingerprint, paused: d.paused, note: d.note, ...over };
}

describe('schedule ids and the desired schedule', () => {
  it('when a customer id goes into a schedule id, then it comes back out and foreign ids give undefined', () => {
    assert.equal(customerIdOfScheduleId(exportScheduleId('kommun-a')), 'kommun-a');
    assert.equal(customerIdOfScheduleId('someone-elses-schedule'), undefined);
    assert.match(scheduledWorkflowIdBase('kommun-a'), /^ist-export\/kommun-a\//);
  });

  it('when a customer has no schedule block, then it runs daily 18:30 Stockholm with jitter, SKIP and the catch-up window', () => {
    const [c] = customers({ id: 'kommun-a' });
    const d = desiredSchedule(c!);
    assert.deepEqual(d.options.spec, { calendars: [{ hour: DEFAULT_SCHEDULE.hour, minute: DEFAULT_SCHEDULE.minute }], timezone: 'Europe/Stockholm', jitter: '30m' });
    assert.equal(d.options.policies?.overlap, 'SKIP');
    assert.equal(d.options.policies?.catchupWindow, CATCHUP_WINDOW);
    assert.deepEqual(d.options.action.args, [{ version: 1, customerId: 'kommun-a' }]);
    assert.deepEqual(
      (d.options.action.typedSearchAttributes as { key: { name: string }; value: unknown }[]).map((p) => [p.key.name, p.value]),
      [['IstCustomerId', 'kommun-a'], ['IstRunStatus', 'running']],
    );
  });

  it('when a customer overrides with cron and a time zone, then the spec is that cron in that zone and the fingerprint differs', () => {
    const [plain, custom] = customers({ id: 'kommun-a' }, { id: 'kommun-b', schedule: { cron: '0 20 * * 1-5', timezone: 'Europe/Helsinki', jitter: '5m' } });
    const d = desiredSchedule(custom!);
    assert.deepEqual(d.options.spec, { cronExpressions: ['0 20 * * 1-5'], timezone: 'Europe/Helsinki', jitter: '5m' });
    assert.notEqual(desiredSchedule({ ...plain!, id: 'kommun-b' }).fingerprint, d.fingerprint);
  });

  it('when a schedule block has both cron and calendar or a bad time zone, then the file is rejected naming the field', () => {
    assert.throws(() => customers({ id: 'k', schedule: { cron: '@daily', calendar: { hour: 19 } } }), /customers\[0\]\.schedule: give either cron or calendar/);
    assert.throws(() => customers({ id: 'k', schedule: { timezone: 'Mars/Olympus' } }), /customers\[0\]\.schedule\.timezone: must be an IANA time zone/);
  });
});

describe('planChanges', () => {
  const [a, b] = customers({ id: 'kommun-a' }, { id: 'kommun-b' });

  it('when nothing exists, then every customer is created', () => {
    assert.deepEqual(planChanges([desiredSchedule(a!), desiredSchedule(b!)], []).map((c) => [c.kind, c.customerId]), [['create', 'kommun-a'], ['create', 'kommun-b']]);
  });

  it('when everything matches, then nothing changes', () => {
    assert.deepEqual(planChanges([desiredSchedule(a!)], [existing(a!)]), []);
  });

  it('when the fingerprint differs, then the schedule is updated', () => {
    assert.deepEqual(planChanges([desiredSchedule(a!)], [existing(a!, { fingerprint: 'old' })]).map((c) => c.kind), [ScheduleChangeKind.Update]);
  });

  it('when the file pauses a customer, then its schedule is paused with the note; when it no longer does, then it is un-paused', () => {
    const [paused] = customers({ id: 'kommun-a', paused: true, note: 'contract ends' });
    const pause = planChanges([desiredSchedule(paused!)], [existing(a!)]);
    assert.deepEqual(pause.map((c) => [c.kind, c.detail]), [['pause', 'paused in customer file: contract ends']]);
    assert.deepEqual(planChanges([desiredSchedule(a!)], [existing(paused!)]).map((c) => c.kind), ['unpause']);
  });

  it('when an operator paused a schedule the file does not pause, then apply keeps it paused and only reports it', () => {
    const changes = planChanges([desiredSchedule(a!)], [existing(a!, { paused: true, note: `${OPERATOR_PAUSE_NOTE_PREFIX}: IST outage` })]);
    assert.deepEqual(changes.map((c) => c.kind), ['kept-paused']);
    assert.equal(changes.filter(isChange).length, 0);
  });

  it('when a customer left the file, then its schedule is deleted', () => {
    assert.deepEqual(planChanges([desiredSchedule(a!)], [existing(a!), existing(b!)]).map((c) => [c.kind, c.customerId]), [['delete', 'kommun-b']]);
  });
});
