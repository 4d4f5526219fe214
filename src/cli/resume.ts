import type { Command } from 'commander';
import { resumeCustomer } from '../schedules/pause.ts';
import type { Act } from './program.ts';

export function registerResume(program: Command, act: Act): void {
  program
    .command('resume')
    .description("resume the customer's paused schedule (refused when the customer file itself says paused)")
    .argument('<customer>', 'customer id')
    .requiredOption('--note <text>', 'why; kept as the schedule note')
    .action(
      act(async (ctx, customerId: string, opts: { note: string }) => {
        await resumeCustomer(await ctx.temporal(), ctx.customers(), customerId, opts.note);
        ctx.print({ customerId, paused: false, note: opts.note }, () => `resumed the schedule of ${customerId}`);
      }),
    );
}
