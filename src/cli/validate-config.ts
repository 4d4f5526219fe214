import type { Command } from 'commander';
import { scheduleSpecFor } from '../schedules/spec.ts';
import type { Act } from './program.ts';
import { table } from './table.ts';

export function registerValidateConfig(program: Command, act: Act): void {
  program
    .command('validate-config')
    .description('check the customer file and list its customers with their schedules; needs no server')
    .action(
      act(async (ctx) => {
        const file = ctx.customers();
        const rows = file.customers.map((c) => ({ id: c.id, name: c.name, tier: c.tier, paused: c.paused, schedule: describeSpec(scheduleSpecFor(c.schedule)), note: c.note ?? '' }));
        ctx.print({ file: ctx.customersFile, valid: true, customers: rows }, () =>
          `${ctx.customersFile}: valid, ${rows.length} customer(s)\n${table(rows.map((r) => ({ ...r, paused: r.paused ? 'yes' : 'no' })))}`,
        );
      }),
    );
}

function describeSpec(spec: ReturnType<typeof scheduleSpecFor>): string {
  const calendar = spec.calendars?.[0];
  const at = spec.cronExpressions?.[0] ?? (calendar ? `${String(calendar.hour).padStart(2, '0')}:${String(calendar.minute).padStart(2, '0')}${calendar.dayOfWeek ? ` ${String(calendar.dayOfWeek)}` : ' daily'}` : '?');
  return `${at} ${spec.timezone} +0..${String(spec.jitter)}`;
}
