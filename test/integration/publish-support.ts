// Helpers shared by the publish-*.test.ts files: start a run of the fixture's customer on its task
// queue (startExport, as the CLI does), wait for a held run, and sum change counts.
import type { WorkflowHandle } from '@temporalio/client';
import type { ChangeCounts } from '../../src/diff/types.ts';
import { startExport } from '../../src/temporal/start-export.ts';
import { PREVIEW_QUERY, type PreviewState } from '../../workflows/contract.ts';
import type { exportCustomer } from '../../workflows/export-customer.ts';
import type { ExportFixture } from '../support/export-fixture.ts';

export function startRun(fx: ExportFixture, options: { dryRun?: boolean } = {}): Promise<WorkflowHandle<typeof exportCustomer>> {
  return startExport(fx.client, fx.customerId, { taskQueue: fx.taskQueue, dryRun: options.dryRun ?? false });
}

/** Poll the preview query until the run waits for approval (or fail after `timeoutMs`). */
export async function waitUntilHeld(handle: WorkflowHandle, timeoutMs = 60_000): Promise<PreviewState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const preview = await handle.query<PreviewState | null>(PREVIEW_QUERY);
      if (preview?.status === 'awaiting_approval') return preview;
      if (preview && preview.status !== 'running') throw new Error(`run ended ${preview.status} without a hold`);
    } catch (err) {
      if (!/register|not found|unknown|no handler/i.test(String(err))) throw err;
    }
    if (Date.now() > until) throw new Error('the run was not held in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function totalChanges(counts: ChangeCounts | undefined): number {
  return Object.values(counts ?? {}).reduce((n, c) => n + c.created + c.updated + c.deleted, 0);
}
