import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { Command } from 'commander';
import { findCustomer } from '../config/customers.ts';
import { exportScheduleId } from '../schedules/ids.ts';
import { runningRunsQuery } from '../schedules/queries.ts';
import { customerFootprint, type CustomerFootprint } from '../store/housekeeping.ts';
import type { RunRow } from '../store/runs.ts';
import { reconcileRuns } from '../temporal/reconcile-runs.ts';
import { hintFor } from './errors.ts';
import { PROGRESS_QUERY, type ExportProgress } from '../../workflows/contract.ts';
import type { Act } from './program.ts';
import { table, when } from './table.ts';
import { wholeNumber } from './options.ts';
import { quarantinedByList, quarantineLines } from './quarantine.ts';

interface ScheduleState {
  state: 'active' | 'paused' | 'none';
  note?: string;
  nextRunAt?: Date;
}

export function registerStatus(program: Command, act: Act): void {
  program
    .command('status')
    .description('every customer: schedule, next run, last run and its counts; one customer: its current run and last runs')
    .argument('[customer]', 'customer id for the detailed view')
    .option('--last <n>', 'runs to list for one customer', wholeNumber(1), 10)
    .action(
      act(async (ctx, customerId: string | undefined, opts: { last: number }) => {
        const file = ctx.customers();
        const client = await ctx.temporal();
        const store = await ctx.openStore();
        if (customerId) {
          findCustomer(file, customerId);
          const [schedule, current, stored, footprint] = await Promise.all([scheduleState(client, customerId), currentRun(client, customerId), store.runs.latest(customerId, opts.last), customerFootprint(store.db, customerId)]);
          // Rows of runs terminated or timed out in Temporal get their real end first.
          const runs = await reconcileRuns(client, store.runs, stored);
          const quarantined = runs[0] ? await store.staging.quarantined(runs[0].runId) : [];
          const quarantine = runs[0] ? await quarantineLines(store, runs[0].runId, customerId) : [];
          ctx.print({ customerId, schedule, current, runs, quarantined, stored: footprint }, () =>
            [
              `${customerId}: schedule ${describeSchedule(schedule)}`,
              `store holds ${storedText(footprint)}`,
              current ? `current run ${current.workflowId}: ${current.progress ? progressLine(current.progress) : 'waiting for a worker'}` : 'no run in progress',
              '',
              runs.length ? table(runs.map(runRow)) : 'no runs yet',
              ...lastFailure(runs[0]),
              ...(quarantine.length ? ['', 'last run: ' + quarantine[0], ...quarantine.slice(1)] : []),
            ].join('\n'),
          );
          return;
        }
        const rows = await Promise.all(
          file.customers.map(async (c) => ({ customerId: c.id, schedule: await scheduleState(client, c.id), last: (await reconcileRuns(client, store.runs, await store.runs.latest(c.id, 1)))[0], stored: await customerFootprint(store.db, c.id) })),
        );
        ctx.print(rows, () =>
          table(rows.map((r) => ({ customer: r.customerId, schedule: r.schedule.state, 'next run': when(r.schedule.nextRunAt), ...lastRunColumns(r.last), stored: storedText(r.stored) }))),
        );
      }),
    );
}

async function scheduleState(client: Client, customerId: string): Promise<ScheduleState> {
  try {
    const d = await client.schedule.getHandle(exportScheduleId(customerId)).describe();
    return { state: d.state.paused ? 'paused' : 'active', note: d.state.note || undefined, nextRunAt: d.state.paused ? undefined : d.info.nextActionTimes[0] };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return { state: 'none' };
    throw err;
  }
}

async function currentRun(client: Client, customerId: string): Promise<{ workflowId: string; progress?: ExportProgress } | undefined> {
  for await (const info of client.workflow.list({ query: runningRunsQuery(customerId), pageSize: 1 })) {
    const progress = await client.workflow.getHandle(info.workflowId, info.runId).query<ExportProgress>(PROGRESS_QUERY).catch(() => undefined);
    return { workflowId: info.workflowId, ...(progress ? { progress } : {}) };
  }
  return undefined;
}

/** What the store holds of a customer (retention shrinks it every night). */
function storedText(s: CustomerFootprint): string {
  const size = s.bytes >= 1024 * 1024 ? `${(s.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(s.bytes / 1024)} KB`;
  return `${s.runs} runs, ${s.snapshots} snapshots, ${size}`;
}

function describeSchedule(s: ScheduleState): string {
  if (s.state === 'none') return 'none (run `ist-export schedules apply`)';
  if (s.state === 'paused') return `paused (${s.note ?? 'no note'})`;
  return `active, next run ${when(s.nextRunAt)}`;
}

function progressLine(p: ExportProgress): string {
  return `${p.phase}; ${Object.entries(p.resources).map(([r, s]) => `${r} ${s.state} ${s.records}`).join(', ')}`;
}

function lastRunColumns(run: RunRow | undefined): Record<string, string> {
  if (!run) return { 'last run': '-', status: 'never ran', counts: '', changes: '', 'dq errors/warnings': '', quarantined: '', failure: '' };
  return {
    'last run': when(run.startedAt),
    status: run.status,
    counts: run.counts ? `${run.counts.person ?? 0} persons, ${run.counts.class ?? 0} classes, ${run.counts.teachingGroup ?? 0} groups` : '',
    changes: run.changeCounts ? String(Object.values(run.changeCounts).reduce((n, k) => n + k.created + k.updated + k.deleted, 0)) : '',
    'dq errors/warnings': run.issueCounts ? `${run.issueCounts.errors ?? 0}/${run.issueCounts.warnings ?? 0}` : '',
    quarantined: String(quarantinedByList(run.fetched).total),
    failure: run.failure ? run.failure.slice(0, 80) : '',
  };
}

/** The latest run's failure in full (the table cuts it), with the hint for its error. */
function lastFailure(run: RunRow | undefined): string[] {
  if (!run?.failure) return [];
  const hint = hintFor(run.failure.split(':', 1)[0] ?? '');
  return ['', `last run failed: ${run.failure}`, ...(hint ? [`hint: ${hint}`] : [])];
}

function runRow(run: RunRow): Record<string, string> {
  const { 'last run': _started, ...rest } = lastRunColumns(run);
  return { started: when(run.startedAt), finished: when(run.finishedAt ?? undefined), workflow: run.workflowId, ...rest };
}
