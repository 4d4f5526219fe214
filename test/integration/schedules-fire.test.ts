import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.ts';
import { parseCustomerFile } from '../../src/config/customers.ts';
import { exportScheduleId } from '../../src/schedules/ids.ts';
import { applySchedules } from '../../src/schedules/reconcile.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { findTemporalBinary } from '../../src/temporal/cli-path.ts';
import { PROGRESS_QUERY, SEARCH_ATTRIBUTES, TASK_QUEUE, type ExportCustomerResult, type ExportProgress } from '../../workflows/contract.ts';
import { freshNamespace } from '../support/cli.ts';
import { workflowBundle } from '../support/temporal.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('a customer schedule on a real Temporal server', () => {
  it('when the schedule fires, then the run carries the customer in its id and search attributes, and overlap SKIP holds while it runs; the temporal CLI sees the same', async () => {
    const { namespace, address, client } = await freshNamespace();
    const simulator = await startSimulator({ tenants: [{ customerId: 'FIRE01', seed: 3, size: 'tiny', clientId: 'c', clientSecret: 's' }] });
    const store = await openStore({});
    const customerId = 'kommun-fire';
    const config = parseCustomerFile(
      { customers: [{ id: customerId, name: 'Fire', extensId: 'FIRE01', apiBaseUrl: simulator.apiBaseUrl, tokenUrl: simulator.tokenUrl, tier: 'silver', clientIdEnv: 'T_ID', clientSecretEnv: 'T_SECRET', schedule: { cron: '@every 2s', jitter: '0s' } }] },
      'test customers',
      {},
    );
    const real = createActivities({ config, store, env: { T_ID: 'c', T_SECRET: 's' } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first activity waits for the test: the run stays in progress while the schedule keeps ticking.
    const activities = { ...real, beginRun: async (input: Parameters<typeof real.beginRun>[0]) => (await gate, real.beginRun(input)) };
    const connection = await NativeConnection.connect({ address });
    const worker = await Worker.create({ connection, namespace, taskQueue: TASK_QUEUE, workflowBundle: await workflowBundle(), activities });
    // Async on purpose: the worker runs in this process and must keep answering while the CLI waits.
    const temporal = async (...args: string[]) => (await promisify(execFile)(findTemporalBinary(), [...args, '--address', address, '--namespace', namespace], { encoding: 'utf8' })).stdout;
    try {
      await worker.runUntil(async () => {
        await applySchedules(client, config);
        const handle = client.schedule.getHandle(exportScheduleId(customerId));
        const first = await until('the first scheduled run', async () => (await handle.describe()).info.runningActions[0]);
        assert.match(first.workflow.workflowId, new RegExp(`^ist-export/${customerId}/scheduled-\\d{4}-`));

        const skipped = await until('ticks skipped for overlap', async () => {
          const d = await handle.describe();
          return d.info.numActionsSkippedOverlap >= 2 && d;
        });
        assert.equal(skipped.info.numActionsTaken, 1, 'no second run started while the first runs');
        assert.equal(skipped.info.runningActions.length, 1);

        const run = client.workflow.getHandle(first.workflow.workflowId);
        assert.equal((await run.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.customerId), customerId);

        // The same operations an operator does with the temporal CLI.
        assert.match(await temporal('schedule', 'list'), new RegExp(exportScheduleId(customerId)));
        const listed = await until('the run in visibility', async () => {
          const out = await temporal('workflow', 'list', '--query', `IstCustomerId = '${customerId}' AND ExecutionStatus = 'Running'`);
          return out.includes(first.workflow.workflowId) && out;
        });
        assert.ok(listed);
        const progress = JSON.parse(await temporal('workflow', 'query', '--workflow-id', first.workflow.workflowId, '--name', PROGRESS_QUERY, '--output', 'json')) as { queryResult: ExportProgress[] };
        assert.equal(progress.queryResult[0]?.phase, 'starting');
        await temporal('schedule', 'toggle', '--schedule-id', exportScheduleId(customerId), '--pause', '--reason', 'maintenance window');
        const described = JSON.parse(await temporal('schedule', 'describe', '--schedule-id', exportScheduleId(customerId), '--output', 'json')) as { schedule: { state: { paused: boolean; notes: string } } };
        assert.deepEqual([described.schedule.state.paused, described.schedule.state.notes], [true, 'maintenance window']);

        release();
        const result = (await run.result()) as ExportCustomerResult;
        assert.equal(result.customerId, customerId);
        assert.match(result.status, /^succeeded/);
      });
    } finally {
      release();
      await connection.close();
      await store.close();
      await simulator.close();
    }
  });
});
