import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { changesSince } from '../store/publications.ts';
import type { Act } from './program.ts';
import { wholeNumber } from './options.ts';

export function registerChanges(program: Command, act: Act): void {
  program
    .command('changes')
    .description('published changes of a customer after a change-log sequence number, oldest first (what downstream reads)')
    .argument('<customer>', 'customer id')
    .requiredOption('--since <seq>', 'last sequence number already applied (0 = from the start)', wholeNumber())
    .option('--limit <n>', 'at most this many changes', wholeNumber(1), 1000)
    .action(
      act(async (ctx, customerId: string, opts: { since: number; limit: number }) => {
        findCustomer(ctx.customers(), customerId);
        const changes = await changesSince(await ctx.openStore(), customerId, opts.since, opts.limit);
        // Human output names type, id and changed fields only; --json carries the full content for scripts.
        ctx.print(changes, () =>
          changes.length === 0
            ? `no changes after ${opts.since}`
            : changes.map((c) => `${String(c.seq).padStart(8)} ${c.kind.padEnd(8)} ${c.entityType} ${c.entityId}${c.fields ? ` fields: ${Object.keys(c.fields).join(', ')}` : ''}`).join('\n'),
        );
      }),
    );
}
