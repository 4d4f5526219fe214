import { RunStatus, SEARCH_ATTRIBUTES } from '../../workflows/contract.ts';

// Visibility queries on our search attributes: the same strings work in `temporal workflow list --query`
// and in the Web UI's search box. Customer ids are [a-z0-9-], so quoting them is safe.

export function customerRunsQuery(customerId: string): string {
  return `${SEARCH_ATTRIBUTES.customerId.name} = '${customerId}'`;
}

export function runningRunsQuery(customerId: string): string {
  return `${customerRunsQuery(customerId)} AND ExecutionStatus = 'Running'`;
}

/** The run held for approval: still open and marked awaiting_approval by the workflow. */
export function heldRunQuery(customerId: string): string {
  return `${runningRunsQuery(customerId)} AND ${SEARCH_ATTRIBUTES.runStatus.name} = '${RunStatus.AwaitingApproval}'`;
}
