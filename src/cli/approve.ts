import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { decideHeldRun } from '../schedules/decide.ts';
import type { Act } from './program.ts';

export function registerApprove(program: Command, act: Act): void {
  program
    .command('approve')
    .description("approve the customer's run held for approval, so it publishes (see `preview` first)")
    .argument('<customer>', 'customer id')
    .requiredOption('--reason <text>', 'why; recorded with the decision')
    .option('--by <name>', 'who decides (default: your login name)')
    .action(
      act(async (ctx, customerId: string, opts: { reason: string; by?: string }) => {
        findCustomer(ctx.customers(), customerId);
        const decided = await decideHeldRun(await ctx.temporal(), customerId, 'approve', opts.reason, opts.by);
        ctx.print({ customerId, decision: 'approve', ...decided }, () => `approved the held run ${decided.workflowId}`);
      }),
    );
}
