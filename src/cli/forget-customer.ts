import { userInfo } from 'node:os';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { Command } from 'commander';
import { customerRunsQuery, runningRunsQuery } from '../schedules/queries.ts';
import { RunAlreadyInProgressError } from '../schedules/errors.ts';
import { exportScheduleId } from '../schedules/ids.ts';
import { forgetCustomer } from '../store/erasure.ts';
import { customerFootprint } from '../store/housekeeping.ts';
import type { Act } from './program.ts';

/** Thrown when a customer to forget is still in the customer file: the next `schedules apply` and run would bring it back. */
export class CustomerStillConfiguredError extends Error {
  override readonly name = 'CustomerStillConfiguredError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}" is still in the customer file; remove it there first (and run \`ist-export schedules apply\`), then forget it`);
  }
}

// Offboarding: everything of a customer goes, in Temporal and in the store, and the operator sees what went.
export function registerForgetCustomer(program: Command, act: Act): void {
  program
    .command('forget-customer')
    .description('remove every row of a customer from every store table, its schedule and its closed workflow histories; prints what it removed (without --confirm: what it would remove)')
    .argument('<customer>', 'customer id (already removed from the customer file)')
    .option('--confirm', 'really remove; without it nothing changes', false)
    .action(
      act(async (ctx, customerId: string, opts: { confirm: boolean }) => {
        if (ctx.customers().customers.some((c) => c.id === customerId)) throw new CustomerStillConfiguredError(customerId);
        const client = await ctx.temporal();
        for await (const running of client.workflow.list({ query: runningRunsQuery(customerId), pageSize: 1 })) throw new RunAlreadyInProgressError(customerId, running.workflowId);
        const store = await ctx.openStore();
        if (!opts.confirm) {
          const held = await customerFootprint(store.db, customerId);
          const histories = await countHistories(client, customerId);
          ctx.print({ customerId, dryRun: true, store: held, workflowHistories: histories }, () =>
            `would remove: ${held.runs} runs, ${held.snapshots} snapshots (${held.bytes} bytes) from the store, its schedule and ${histories} workflow histories\nnothing removed: add --confirm`,
          );
          return;
        }
        const schedule = await deleteSchedule(client, customerId);
        const histories = await deleteHistories(client, ctx.namespace, customerId);
        const removed = await forgetCustomer(store.db, customerId);
        const by = userInfo().username;
        ctx.print({ customerId, by, schedule, workflowHistories: histories, removed }, () =>
          [
            `forgot customer ${customerId} (by ${by}):`,
            `  schedule ${exportScheduleId(customerId)}: ${schedule ? 'deleted' : 'none'}`,
            `  workflow histories deleted: ${histories}`,
            ...Object.entries(removed).map(([table, n]) => `  ${table.padEnd(20)} ${n} rows`),
          ].join('\n'),
        );
      }),
    );
}

async function deleteSchedule(client: Client, customerId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(exportScheduleId(customerId)).delete();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

async function countHistories(client: Client, customerId: string): Promise<number> {
  return (await client.workflow.count(customerRunsQuery(customerId))).count;
}

/** The customer's closed runs in Temporal: their ids name the customer, so they go too (namespace retention would take longer). */
async function deleteHistories(client: Client, namespace: string, customerId: string): Promise<number> {
  let deleted = 0;
  for await (const info of client.workflow.list({ query: customerRunsQuery(customerId) })) {
    await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId: info.workflowId, runId: info.runId } });
    deleted++;
  }
  return deleted;
}
