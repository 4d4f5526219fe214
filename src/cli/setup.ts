import type { Command } from 'commander';
import { ensureNamespace } from '../schedules/setup.ts';
import type { Act } from './program.ts';
import { wholeNumber } from './options.ts';

export function registerSetup(program: Command, act: Act): void {
  program
    .command('setup')
    .description('prepare a Temporal server: create the namespace if missing and register our search attributes (idempotent)')
    .option('--retention-days <n>', 'history retention of a namespace this creates', wholeNumber(1), 30)
    .action(
      act(async (ctx, opts: { retentionDays: number }) => {
        const done = await ensureNamespace(await ctx.temporalConnection(), ctx.namespace, opts.retentionDays);
        ctx.print({ namespace: ctx.namespace, ...done }, () =>
          [
            done.namespaceCreated ? `created namespace ${ctx.namespace}` : `namespace ${ctx.namespace} exists`,
            done.searchAttributesAdded.length ? `registered search attributes ${done.searchAttributesAdded.join(', ')}` : 'search attributes already registered',
          ].join('\n'),
        );
      }),
    );
}
