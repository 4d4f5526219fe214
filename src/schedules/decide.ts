import { userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import { APPROVE_UPDATE, REJECT_UPDATE, type DecisionInput } from '../../workflows/contract.ts';
import { findHeldRun } from './held-run.ts';

export type Decision = 'approve' | 'reject';

/** Approve or reject the customer's held run; returns its workflow id and whatever the update returns. */
export async function decideHeldRun(client: Client, customerId: string, decision: Decision, reason: string, by = defaultActor()): Promise<{ workflowId: string; result: unknown }> {
  const handle = await findHeldRun(client, customerId);
  const input: DecisionInput = { version: 1, by, reason };
  const result = await handle.executeUpdate<unknown, [DecisionInput]>(decision === 'approve' ? APPROVE_UPDATE : REJECT_UPDATE, { args: [input] });
  return { workflowId: handle.workflowId, result };
}

/** Who decided: the operator's login (never a student's or staff member's name). */
function defaultActor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
