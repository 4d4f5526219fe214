import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Names and shapes shared by the workflow, its activities, the client, the CLI and the tests.
// Everything that crosses Temporal carries ids, counts and references only: never roster data.

export const TASK_QUEUE = 'ist-export';
export const CONTRACT_VERSION = 1;

/** The SS 12000 list endpoints one export reads. Fetched independently, joined locally. */
export const IST_RESOURCES = ['organisations', 'persons', 'duties', 'groups', 'activities', 'syllabuses'] as const;
export type IstResource = (typeof IST_RESOURCES)[number];

/** Entity types of our published model. */
export const ENTITY_TYPES = ['school', 'person', 'class', 'teachingGroup'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export type EntityCounts = Record<EntityType, number>;

/** Search attributes the app registers on the server and sets on each run (never personal data). */
export const SEARCH_ATTRIBUTES = {
  customerId: defineSearchAttributeKey('IstCustomerId', SearchAttributeType.KEYWORD),
  runStatus: defineSearchAttributeKey('IstRunStatus', SearchAttributeType.KEYWORD),
} as const;

export const RunStatus = {
  Running: 'running',
  Succeeded: 'succeeded',
  SucceededWithWarnings: 'succeeded_with_warnings',
  /** Held for approval: a guard (threshold, incomplete data) tripped; waits for approve/reject. */
  AwaitingApproval: 'awaiting_approval',
  Approved: 'approved',
  Rejected: 'rejected',
  /** The approval deadline passed; nothing was published. */
  Discarded: 'discarded',
  DryRun: 'dry_run',
  Failed: 'failed',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** One workflow per customer run; the id names the customer and the moment, never a person. */
export function exportWorkflowId(customerId: string, startedAtIso: string): string {
  return `ist-export/${customerId}/${startedAtIso.replace(/[:.]/g, '')}`;
}

export interface ExportCustomerInput {
  version: 1;
  customerId: string;
  /** Compute diff and guards, report, never publish. */
  dryRun?: boolean;
}

export interface ResourceFetchResult {
  resource: IstResource;
  pages: number;
  records: number;
  quarantined: number;
}

export interface ExportCustomerResult {
  version: 1;
  customerId: string;
  runId: string;
  status: RunStatus;
  fetched: ResourceFetchResult[];
  counts: EntityCounts;
  issues: { errors: number; warnings: number };
}

export type ResourceState = 'pending' | 'fetching' | 'done' | 'failed';
export interface ExportProgress {
  version: 1;
  runId: string | null;
  phase: 'starting' | 'fetching' | 'mapping' | 'finished';
  resources: Record<IstResource, { state: ResourceState; pages: number; records: number }>;
}

export const PROGRESS_QUERY = 'progress';
/** Query: the held change set's preview (counts per type and kind, a sample without personnummer). */
export const PREVIEW_QUERY = 'preview';
/** Updates on a held run; both carry who and why. */
export const APPROVE_UPDATE = 'approve';
export const REJECT_UPDATE = 'reject';
export interface DecisionInput {
  version: 1;
  by: string;
  reason: string;
}
