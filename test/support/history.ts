import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** The run's history as JSON text with every payload decoded, so a scan sees what Temporal stored. */
export async function decodedHistoryText(handle: WorkflowHandle): Promise<string> {
  const history = await handle.fetchHistory();
  return JSON.stringify(history, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value));
}

/** The history in the JSON form `temporal workflow show --output json` writes, for replay tests. */
export async function historyJson(handle: WorkflowHandle): Promise<string> {
  return historyToJSON(await handle.fetchHistory());
}
