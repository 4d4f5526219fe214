import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { CHANGE_KINDS, DIFF_ENTITY_TYPES, type ChangeCounts } from '../diff/types.ts';
import { runPreview } from '../publish/preview.ts';
import { findHeldRun } from '../schedules/held-run.ts';
import { PREVIEW_QUERY, type PreviewState } from '../../workflows/contract.ts';
import type { Act } from './program.ts';
import { table } from './table.ts';
import { wholeNumber } from './options.ts';

export function registerPreview(program: Command, act: Act): void {
  program
    .command('preview')
    .description("show the change set of the customer's run held for approval: counts per type and kind, why it is held, a sample")
    .argument('<customer>', 'customer id')
    .option('--sample <n>', 'changed records shown per type and kind (never a personnummer)', wholeNumber(), 3)
    .action(
      act(async (ctx, customerId: string, opts: { sample: number }) => {
        findCustomer(ctx.customers(), customerId);
        const handle = await findHeldRun(await ctx.temporal(), customerId);
        const state = await handle.query<PreviewState | null>(PREVIEW_QUERY);
        const sample = state ? ((await runPreview(await ctx.openStore(), state.runId, opts.sample))?.sample ?? []) : [];
        ctx.print({ customerId, workflowId: handle.workflowId, preview: state, sample }, () =>
          [
            `held run ${handle.workflowId} (run ${state?.runId ?? '?'}), decide before ${state?.deadline ?? '?'}`,
            ...(state?.guard.reasons ?? []).map((r) => `  held because: ${r.rule} ${r.entityType}${r.kind ? ` ${r.kind}` : ''}${r.resource ? ` (${r.resource})` : ''}: ${r.actual}${r.limit ? ` > limit ${JSON.stringify(r.limit)}` : ''}`),
            '',
            state ? countsTable(state.changes) : 'no change set yet',
            '',
            ...sample.map((s) => `${s.kind.padEnd(8)} ${s.entityType} ${s.entityId}${s.withheld ? ' (withheld)' : ''} ${JSON.stringify(s.fields ?? s.content)}`),
          ].join('\n'),
        );
      }),
    );
}

export function countsTable(changes: ChangeCounts): string {
  return table(DIFF_ENTITY_TYPES.map((type) => ({ type, ...Object.fromEntries([...CHANGE_KINDS, 'withheld' as const].map((kind) => [kind, String(changes[type][kind])])) })));
}
