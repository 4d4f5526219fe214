// A deliberately changed exportCustomer: it maps before it fetches. Replaying a recorded history
// against it must fail with a determinism error, which proves the replay test can fail.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../../activities/index.ts';
import type { ExportCustomerInput } from '../../../workflows/contract.ts';

const { beginRun, buildSnapshot } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

export async function exportCustomer(input: ExportCustomerInput): Promise<unknown> {
  const { workflowId, runId } = workflowInfo();
  const { runDate } = await beginRun({ customerId: input.customerId, runId, workflowId });
  return buildSnapshot({ customerId: input.customerId, runId, runDate });
}
