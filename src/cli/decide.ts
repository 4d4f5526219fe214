import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { decideHeldRun } from '../schedules/decide.ts';
import type { Act } from './program.ts';

const VERBS = {
  approve: { description: "approve the customer's run held for approval, so it publishes (see `preview` first)", done: 'approved' },
  reject: { description: "reject the customer's run held for approval: nothing is published", done: 'rejected' },
} as const;

/** `approve` and `reject`: the same command, one decision each. */
function registerDecision(decision: keyof typeof VERBS) {
  return (program: Command, act: Act): void => {
    program
      .command(decision)
      .description(VERBS[decision].description)
      .argument('<customer>', 'customer id')
      .requiredOption('--reason <text>', 'why; recorded with the decision')
      .option('--by <name>', 'who decides (default: your login name)')
      .action(
        act(async (ctx, customerId: string, opts: { reason: string; by?: string }) => {
          findCustomer(ctx.customers(), customerId);
          const decided = await decideHeldRun(await ctx.temporal(), customerId, decision, opts.reason, opts.by);
          ctx.print({ customerId, decision, ...decided }, () => `${VERBS[decision].done} the held run ${decided.workflowId}`);
        }),
      );
  };
}

export const registerApprove = registerDecision('approve');
export const registerReject = registerDecision('reject');
