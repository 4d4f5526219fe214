// Names and shapes of the nightly maintenance workflow (workflows/maintenance.ts): counts and customer ids only.

export const MAINTENANCE_WORKFLOW_TYPE = 'maintenance';

export interface MaintenanceInput {
  version: 1;
  /** Only check runs that started at least this many minutes ago against Temporal (a just-started run may not be visible yet). Default 60. */
  openRunGraceMinutes?: number;
}

export interface SweepResult {
  version: 1;
  /** Runs the store held as running/awaiting approval whose workflow had closed; marked failed. */
  orphanedRuns: number;
  /** Runs whose staged raw pages were dropped, and how many pages. */
  sweptRuns: number;
  sweptPages: number;
}

export interface RetentionResult {
  version: 1;
  customers: { customerId: string; runsPruned: number; snapshotRows: number; issueRows: number; changeLogRows: number; runRows: number }[];
}

export interface MaintenanceResult {
  version: 1;
  sweep: SweepResult;
  retention: RetentionResult;
}
