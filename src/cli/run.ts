import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { runNow } from '../schedules/run-now.ts';
import { PROGRESS_QUERY, RunStatus, SEARCH_ATTRIBUTES, type ExportCustomerResult, type ExportProgress } from '../../workflows/contract.ts';
import type { CliContext } from './context.ts';
import { ExitCode } from './exit-codes.ts';
import type { Act } from './program.ts';
import { quarantinedByList, quarantineLines } from './quarantine.ts';

export function registerRun(program: Command, act: Act): void {
  program
    .command('run')
    .description('run a customer now (through its schedule when it has one)')
    .argument('<customer>', 'customer id from the customer file')
    .option('--dry-run', 'compute changes and report, publish nothing (always starts directly, not via the schedule)', false)
    .option('--wait', 'follow progress per resource until the run ends, then print the summary', false)
    .action(
      act(async (ctx, customerId: string, opts: { dryRun: boolean; wait: boolean }) => {
        findCustomer(ctx.customers(), customerId);
        const client = await ctx.temporal();
        const started = await runNow(client, customerId, { dryRun: opts.dryRun, taskQueue: ctx.taskQueue });
        if (!ctx.options.json) ctx.stdout(`started ${started.workflowId} (${started.via === 'schedule' ? 'via its schedule' : 'directly'})`);
        if (!opts.wait) {
          if (ctx.options.json) ctx.print(started, () => '');
          return ExitCode.Ok;
        }
        return follow(ctx, client, started.workflowId, started.runId);
      }),
    );
}

/** Print progress changes until the run ends or is held; exit code from its status. */
async function follow(ctx: CliContext, client: Client, workflowId: string, runId: string | undefined): Promise<ExitCode> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const printed = new Map<string, string>();
  for (;;) {
    const description = await handle.describe();
    const progress = await handle.query<ExportProgress>(PROGRESS_QUERY).catch(() => undefined); // no worker yet: keep waiting
    if (progress && !ctx.options.json) {
      for (const [resource, p] of Object.entries(progress.resources)) {
        const line = `${resource.padEnd(14)} ${p.state.padEnd(9)} ${String(p.pages).padStart(5)} pages ${String(p.records).padStart(8)} records`;
        if (printed.get(resource) !== line) ctx.stdout(line);
        printed.set(resource, line);
      }
    }
    if (!ctx.options.json) {
      for (const line of retryingLines(description)) {
        if (!printed.has(line)) ctx.stdout(line);
        printed.set(line, line);
      }
    }
    if (description.status.name !== 'RUNNING') break;
    if (description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.runStatus) === RunStatus.AwaitingApproval) {
      const customerId = description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.customerId) ?? '<customer>';
      ctx.print({ workflowId, status: RunStatus.AwaitingApproval }, () =>
        `held for approval: see \`ist-export preview ${customerId}\`, then \`ist-export approve|reject ${customerId} --reason …\``,
      );
      return ExitCode.RunHeld;
    }
    await sleep(1000);
  }
  const result = (await handle.result()) as ExportCustomerResult; // throws WorkflowFailedError on failure: exit 6
  ctx.print(result, () => summary(result));
  if (!ctx.options.json) for (const line of await quarantineLines(await ctx.openStore(), result.runId, result.customerId).catch(() => [])) ctx.stdout(line);
  return result.status === RunStatus.Rejected || result.status === RunStatus.Discarded || result.status === RunStatus.Failed ? ExitCode.RunFailed : ExitCode.Ok;
}

type RawFailure = { message?: string | null; applicationFailureInfo?: { type?: string | null } | null; cause?: RawFailure | null };

/**
 * Steps that failed and wait for Temporal's retry, with the named error of their last attempt: a run that
 * keeps retrying (IST unreachable at apiBaseUrl, a long outage) says why instead of sitting at 0 pages.
 */
function retryingLines(description: WorkflowExecutionDescription): string[] {
  return (description.raw.pendingActivities ?? []).flatMap((a) => {
    if (!a.lastFailure || (a.attempt ?? 0) < 2) return [];
    let named: string | undefined;
    for (let f: RawFailure | null | undefined = a.lastFailure as RawFailure, depth = 0; f && depth < 20; f = f.cause, depth++) {
      if (f.applicationFailureInfo?.type) named = `${f.applicationFailureInfo.type}: ${f.message ?? ''}`;
    }
    return [`retrying ${a.activityType?.name ?? 'a step'} (attempt ${a.attempt}): ${named ?? a.lastFailure.message ?? 'failed'}`];
  });
}

export function summary(result: ExportCustomerResult): string {
  const quarantined = quarantinedByList(result.fetched);
  return [
    `run ${result.runId} of ${result.customerId}: ${result.status}`,
    `  counts: ${Object.entries(result.counts).map(([type, n]) => `${type} ${n}`).join(', ')}`,
    `  data quality: ${result.issues.errors} errors, ${result.issues.warnings} warnings`,
    `  fetched: ${result.fetched.map((f) => `${f.resource} ${f.records}${f.notServed ? ' (not served by the server: skipped)' : ''}`).join(', ')}`,
    ...(quarantined.total > 0 ? [`  quarantined: ${quarantined.total} (${quarantined.text}), not published`] : []),
  ].join('\n');
}
