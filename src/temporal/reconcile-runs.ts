import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { RunRow, Runs } from '../store/runs.ts';
import { RunStatus } from '../../workflows/contract.ts';
import { failureText, namedFailure } from '../../workflows/failure.ts';

const OPEN: ReadonlySet<string> = new Set([RunStatus.Running, RunStatus.AwaitingApproval]);

/** What Temporal's closed status means for a run row that still says running. */
const CLOSED_AS: Partial<Record<string, RunStatus>> = {
  TERMINATED: RunStatus.Terminated,
  TIMED_OUT: RunStatus.TimedOut,
  // The workflow records these itself; a row still open means that record was lost (e.g. the store was down).
  FAILED: RunStatus.Failed,
  CANCELLED: RunStatus.Failed,
};

/**
 * Make run rows agree with Temporal. A run terminated or timed out in Temporal runs no workflow code, so
 * its row would say `running` forever: for each open row, ask Temporal for the execution's status and,
 * when it is closed, record the real end (status and the named failure, e.g. `TerminatedFailure: <reason>`).
 * Returns the rows as they are now. A run Temporal does not know (another namespace, past retention) is
 * left as it is.
 */
export async function reconcileRuns(client: Client, runs: Runs, rows: RunRow[]): Promise<RunRow[]> {
  return Promise.all(
    rows.map(async (row) => {
      if (!OPEN.has(row.status)) return row;
      const handle = client.workflow.getHandle(row.workflowId, row.runId);
      let closedAs: RunStatus | undefined;
      try {
        closedAs = CLOSED_AS[(await handle.describe()).status.name];
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return row;
        throw err;
      }
      if (!closedAs) return row;
      const failure = await handle.result().then(
        () => `${closedAs}: the run ended in Temporal without recording its result`,
        (err: unknown) => (err instanceof WorkflowFailedError ? failureText(namedFailure(err)) : String(err)),
      );
      await runs.closeOpen(row.runId, { status: closedAs, failure });
      return (await runs.get(row.runId)) ?? row;
    }),
  );
}
