import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { findTemporalBinary } from '../../src/temporal/cli-path.ts';

/** The run's history as JSON text with every payload decoded, so a scan sees what Temporal stored. */
export async function decodedHistoryText(handle: WorkflowHandle): Promise<string> {
  const history = await handle.fetchHistory();
  return JSON.stringify(history, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value));
}

/** The history as the `temporal` CLI exports it (`workflow show --output json`), the format replay tests read. */
export function historyJson(address: string, workflowId: string, runId?: string, namespace?: string): string {
  const args = ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json'];
  if (runId) args.push('--run-id', runId);
  if (namespace) args.push('--namespace', namespace);
  return execFileSync(findTemporalBinary(), args, { encoding: 'utf8' });
}

/** With RECORD_HISTORY=<scenario> set, write the run's history to test/replay/histories/<scenario>.json for the replay test. */
export function recordHistoryIfAsked(address: string, workflowId: string, runId?: string, namespace?: string): void {
  const scenario = process.env.RECORD_HISTORY;
  if (!scenario) return;
  writeFileSync(path.join(import.meta.dirname, `../replay/histories/${scenario}.json`), historyJson(address, workflowId, runId, namespace));
}
