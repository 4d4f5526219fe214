import { execFileSync } from 'node:child_process';
import type { WorkflowHandle } from '@temporalio/client';
import { findTemporalBinary } from '../../src/temporal/cli-path.ts';

/** The run's history as JSON text with every payload decoded, so a scan sees what Temporal stored. */
export async function decodedHistoryText(handle: WorkflowHandle): Promise<string> {
  const history = await handle.fetchHistory();
  return JSON.stringify(history, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value));
}

/** The history as the `temporal` CLI exports it (`workflow show --output json`), the format replay tests read. */
export function historyJson(address: string, workflowId: string, runId?: string): string {
  const args = ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json'];
  if (runId) args.push('--run-id', runId);
  return execFileSync(findTemporalBinary(), args, { encoding: 'utf8' });
}
