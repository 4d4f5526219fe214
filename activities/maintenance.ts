import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { asCustomerSource, type CustomerSource } from '../src/config/customer-source.ts';
import type { CustomerFile } from '../src/config/customers.ts';
import { retentionFor } from '../src/config/retention.ts';
import { applyRetention, closeOrphanedRun, openRuns, storedCustomers, sweepStagedPages } from '../src/store/housekeeping.ts';
import type { Store } from '../src/store/index.ts';
import type { RetentionResult, SweepResult } from '../workflows/maintenance-contract.ts';

/** Temporal's execution status of one run, e.g. RUNNING, COMPLETED, FAILED, TERMINATED, TIMED_OUT; NOT_FOUND once the namespace dropped it. */
export type ExecutionStatusOf = (workflowId: string, runId: string) => Promise<string>;

export interface MaintenanceActivityDeps {
  /** The customer file, fixed or as it is now (the worker's CustomerFileSource). */
  config: CustomerFile | CustomerSource;
  store: Store;
  /** Default: the activity's own Temporal client (the worker's connection). Tests may pass another. */
  executionStatus?: ExecutionStatusOf;
}

const fromActivityClient: ExecutionStatusOf = async (workflowId, runId) => {
  try {
    const description = await Context.current().client.workflow.getHandle(workflowId, runId).describe();
    return description.status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
    throw err;
  }
};

export function createMaintenanceActivities(deps: MaintenanceActivityDeps) {
  const executionStatus = deps.executionStatus ?? fromActivityClient;
  const source = asCustomerSource(deps.config);
  return {
    /**
     * A run terminated or timed out in Temporal runs none of its own clean-up: its row says running and its raw
     * pages stay. Close such rows from Temporal's status, then drop the staged pages of every run not open.
     */
    async sweepStaleRuns(input: { version: 1; openRunGraceMinutes: number }): Promise<SweepResult> {
      let orphanedRuns = 0;
      for (const run of await openRuns(deps.store.db, new Date(Date.now() - input.openRunGraceMinutes * 60_000))) {
        const status = await executionStatus(run.workflowId, run.runId);
        if (status !== 'RUNNING' && (await closeOrphanedRun(deps.store.db, run.runId, status))) orphanedRuns++;
        Context.current().heartbeat();
      }
      const swept = await sweepStagedPages(deps.store.db);
      return { version: 1, orphanedRuns, sweptRuns: swept.runs, sweptPages: swept.pages };
    },

    /** Each customer the store holds: its retention from the customer file, or the defaults for one no longer in it. */
    async applyRetentionAll(_input: { version: 1 }): Promise<RetentionResult> {
      const customers: RetentionResult['customers'] = [];
      for (const customerId of await storedCustomers(deps.store.db)) {
        const settings = retentionFor(source.current().customers.find((c) => c.id === customerId)?.retention);
        customers.push(await applyRetention(deps.store.db, customerId, settings));
        Context.current().heartbeat();
      }
      return { version: 1, customers };
    },
  };
}
