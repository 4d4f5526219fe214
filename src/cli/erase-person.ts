import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { erasePerson } from '../store/erasure.ts';
import type { Act } from './program.ts';

// Right to erasure for one person of one customer. The person's id is given on the command line and never
// printed back or recorded; the record keeps who, why, when and how many rows.
export function registerErasePerson(program: Command, act: Act): void {
  program
    .command('erase-person')
    .description("remove one person from the customer's stored snapshots, reports and change log (counts stay), publish the deletion, record who and why")
    .argument('<customer>', 'customer id')
    .argument('<personId>', "the person's IST id (SS 12000 Person.id)")
    .requiredOption('--reason <text>', 'why, e.g. the ticket of the request; recorded (must not hold the person\'s data)')
    .option('--by <name>', 'who erases (default: your login name)')
    .action(
      act(async (ctx, customerId: string, personId: string, opts: { reason: string; by?: string }) => {
        const store = await ctx.openStore();
        const by = opts.by ?? userInfo().username;
        const outcome = await erasePerson(store.db, { customerId, personId, requestedBy: by, reason: opts.reason });
        ctx.print({ customerId, ...outcome, by }, () =>
          [
            `erased one person of ${customerId} (${outcome.erasureId}, by ${by}):`,
            ...Object.entries(outcome.removed).map(([table, n]) => `  ${table.padEnd(20)} ${n} rows`),
            outcome.tombstoneSeq === null ? '  the person was not published: nothing to tell downstream' : `  published: deletion at change-log seq ${outcome.tombstoneSeq}, ${outcome.republished} referring entities updated`,
            'note: if IST still lists the person, the next run exports them again; correct the source first',
          ].join('\n'),
        );
      }),
    );
}
