import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { decideHeldRun } from '../schedules/decide.ts';
import type { Act } from './program.ts';

export function registerReject(program: Command, act: Act): void {
  program
    .command('reject')
    .description("reject the customer's run held for approval: nothing is published")
    .argument('<customer>', 'customer id')
    .requiredOption('--reason <text>', 'why; recorded with the decision')
    .option('--by <name>', 'who decides (default: your login name)')
    .action(
      act(async (ctx, customerId: string, opts: { reason: string; by?: string }) => {
        findCustomer(ctx.customers(), customerId);
        const decided = await decideHeldRun(await ctx.temporal(), customerId, 'reject', opts.reason, opts.by);
        ctx.print({ customerId, decision: 'reject', ...decided }, () => `rejected the held run ${decided.workflowId}`);
      }),
    );
}
