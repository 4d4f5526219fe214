import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { toCsv, toJson } from '../quality/export.ts';
import { loadReport } from '../quality/report.ts';
import { RunNotFoundError } from './errors.ts';
import type { Act } from './program.ts';

export function registerReport(program: Command, act: Act): void {
  program
    .command('report')
    .description("the data-quality report of a customer's run (default: the latest) for the customer's IST administrator")
    .argument('<customer>', 'customer id')
    .option('--run <runId>', 'a run id from `ist-export status <customer>`')
    .option('--format <format>', 'csv (Excel-friendly, UTF-8 BOM) or json', 'csv')
    .action(
      act(async (ctx, customerId: string, opts: { run?: string; format: string }) => {
        if (opts.format !== 'csv' && opts.format !== 'json') throw new Error(`--format must be csv or json, not ${opts.format}`);
        findCustomer(ctx.customers(), customerId);
        const store = await ctx.openStore();
        const runId = opts.run ?? (await store.runs.latest(customerId, 1))[0]?.runId;
        const report = runId ? await loadReport(store, runId) : undefined;
        if (!runId || !report || report.customerId !== customerId) throw new RunNotFoundError(customerId, opts.run);
        process.stdout.write(opts.format === 'csv' ? toCsv(report) : toJson(report));
      }),
    );
}
