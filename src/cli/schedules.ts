import type { Command } from 'commander';
import { applySchedules, isChange, type ScheduleChange } from '../schedules/reconcile.ts';
import type { Act } from './program.ts';

export function registerSchedules(program: Command, act: Act): void {
  const schedules = program.command('schedules').description('Temporal Schedules, one per customer in the customer file');
  schedules
    .command('apply')
    .description('create, update, pause or delete our schedules to match the customer file; prints what changed')
    .option('--dry-run', 'show what would change, change nothing', false)
    .action(
      act(async (ctx, opts: { dryRun: boolean }) => {
        const file = ctx.customers();
        const changes = await applySchedules(await ctx.temporal(), file, { taskQueue: ctx.taskQueue, dryRun: opts.dryRun });
        const changed = changes.filter(isChange);
        ctx.print({ dryRun: opts.dryRun, customers: file.customers.length, changes }, () => formatChanges(changes, changed.length, file.customers.length, opts.dryRun));
      }),
    );
}

function formatChanges(changes: ScheduleChange[], changed: number, customers: number, dryRun: boolean): string {
  const lines = changes.map((c) => `${c.kind.padEnd(12)} ${c.scheduleId.padEnd(40)} ${c.detail}`);
  const verb = dryRun ? 'would change' : 'changed';
  lines.push(changed === 0 ? `no changes: ${customers} schedule(s) match the customer file` : `${changed} ${verb}; ${customers} customer(s) in the file`);
  return lines.join('\n');
}
