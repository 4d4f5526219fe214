import type { Client, WorkflowHandle } from '@temporalio/client';
import { HeldRunNotFoundError } from './errors.ts';
import { heldRunQuery } from './queries.ts';

/** The customer's run waiting for approve/reject, found by search attributes (newest first). */
export async function findHeldRun(client: Client, customerId: string): Promise<WorkflowHandle> {
  for await (const info of client.workflow.list({ query: heldRunQuery(customerId), pageSize: 1 })) {
    return client.workflow.getHandle(info.workflowId, info.runId);
  }
  throw new HeldRunNotFoundError(customerId);
}
