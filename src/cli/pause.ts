import type { Command } from 'commander';
import { pauseCustomer } from '../schedules/pause.ts';
import type { Act } from './program.ts';

export function registerPause(program: Command, act: Act): void {
  program
    .command('pause')
    .description("pause the customer's schedule (a run in progress goes on); `schedules apply` keeps it paused")
    .argument('<customer>', 'customer id')
    .requiredOption('--note <text>', 'why; shown in status, the Web UI and `temporal schedule describe`')
    .action(
      act(async (ctx, customerId: string, opts: { note: string }) => {
        await pauseCustomer(await ctx.temporal(), ctx.customers(), customerId, opts.note);
        ctx.print({ customerId, paused: true, note: opts.note }, () => `paused the schedule of ${customerId}: ${opts.note}`);
      }),
    );
}
