import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { ChangeCounts, ChangeRef, GuardVerdict } from '../src/diff/types.ts';

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
  /** Terminated / timed out in Temporal: no workflow code ran; recorded by `status` (src/temporal/reconcile-runs.ts). */
  Terminated: 'terminated',
  TimedOut: 'timed_out',
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
  /** Timing of the fetch activities; unset = the defaults in workflows/activity-options.ts. Tests shorten it. */
  fetchTiming?: FetchTiming;
}

/**
 * How fast a dead worker is noticed and its fetch retried. Chosen by whoever starts the run (the
 * workflow cannot read the environment); production leaves it unset.
 */
export interface FetchTiming {
  /** Seconds without a heartbeat before a fetch attempt counts as lost (worker died). Default 30. */
  heartbeatTimeoutSeconds?: number;
  /** Seconds before the first retry of a failed fetch attempt; doubles per retry. Default 5. */
  retryInitialIntervalSeconds?: number;
}

export interface ResourceFetchResult {
  resource: IstResource;
  pages: number;
  records: number;
  quarantined: number;
  /** Values outside SS 12000 2.1's code lists (kept as sent), once per field and value; absent = none. */
  unknownCodes?: UnknownCodeValue[];
  /** The server answered 404 to this optional list while the customer's other lists answer: skipped, left empty, reported. */
  notServed?: boolean;
}

/** An enumeration value IST sent that its SS 12000 code list does not hold, e.g. a new dutyRole. */
export interface UnknownCodeValue {
  /** `resource.field`, `[]` for arrays, e.g. `persons.emails[].type`. */
  field: string;
  value: string;
  /** Records of the run that carried it. */
  records: number;
}

export interface ExportCustomerResult {
  version: 1;
  customerId: string;
  runId: string;
  status: RunStatus;
  fetched: ResourceFetchResult[];
  counts: EntityCounts;
  /** Data-quality findings: errors (not published), warnings (published, bad value dropped), count per rule. */
  issues: { errors: number; warnings: number; byRule: Record<string, number> };
  /** Changes against the last published state per type and kind (absent before the diff ran). */
  changes?: ChangeCounts;
  /** Change-log sequence numbers published by this run; null when nothing was published. */
  publication?: { firstSeq: number | null; lastSeq: number } | null;
}

/**
 * One bounded piece of a listing's fetch: the activity stores up to N pages / T seconds and returns
 * where the listing stands. The workflow loops until `done`, so it sees progress without heartbeats.
 */
export interface FetchChunkResult extends ResourceFetchResult {
  version: 1;
  /** The listing is complete (every page stored). */
  done: boolean;
  /** Pages this chunk fetched and stored. */
  pagesFetched: number;
  /** Temporal's attempt number of this chunk: attempt - 1 retries happened before it succeeded. */
  attempt: number;
}

/** The ISI route's push: the trigger id is the run's checkpoint; the timing is the customer's isi settings. */
export interface IsiPushResult {
  version: 1;
  triggerId: string;
  /** The trigger was already recorded for this run (a retry or another worker): not pushed again. */
  resumed: boolean;
  pollIntervalSeconds: number;
  deadlineMinutes: number;
}
/** One pull: ready once the file is stored (its size in bytes); ISI's trigger status when it sent one. */
export interface IsiPullResult {
  version: 1;
  ready: boolean;
  bytes?: number;
  status?: string;
}
/** The staged file: per-list counts like the REST fetch, what was read and what was left out (counts only). */
export interface IsiStageResult {
  version: 1;
  resources: ResourceFetchResult[];
  read: { persons: number; groups: number; members: number };
  left: { deleted: number; withoutId: number; inactiveRoles: number; ignoredRoles: number };
}
/** Where an ISI run stands (progress query): the trigger and how many pulls found no file yet. */
export interface IsiProgress {
  state: 'pushing' | 'waiting' | 'staging' | 'done' | 'failed';
  triggerId: string | null;
  polls: number;
}

/** `cancelled`: another list failed, so this one was stopped (and waited for) before the run's clean-up. */
export type ResourceState = 'pending' | 'fetching' | 'done' | 'failed' | 'cancelled';
export interface ResourceProgress {
  state: ResourceState;
  /** Pages and records stored so far, as of the last finished chunk. */
  pages: number;
  records: number;
  /** Failed fetch attempts (worker lost, IST or store outage) behind the chunks finished so far. */
  retries: number;
}
export interface ExportProgress {
  version: 1;
  runId: string | null;
  phase: 'starting' | 'fetching' | 'mapping' | 'diffing' | 'awaiting_approval' | 'publishing' | 'finished';
  /** The run's status as IstRunStatus shows it (awaiting_approval while held). */
  status?: RunStatus;
  resources: Record<IstResource, ResourceProgress>;
  /** Only for customers on the ISI route. */
  isi?: IsiProgress;
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
/** What an approve/reject update answers once accepted; the run then publishes or discards. */
export interface DecisionResult {
  version: 1;
  runId: string;
  decision: 'approved' | 'rejected';
}
/**
 * PREVIEW_QUERY's answer (null before the diff ran): counts per type and kind, the guard's reasons and a
 * few changed ids. Sample records (names, fields) come from the store: runPreview(store, runId).
 */
export interface PreviewState {
  version: 1;
  runId: string;
  status: RunStatus;
  dryRun: boolean;
  firstRun: boolean;
  changes: ChangeCounts;
  guard: GuardVerdict;
  refs: ChangeRef[];
  /** When a held run is discarded unless decided (ISO 8601); null when not held. */
  deadline: string | null;
  decision: { decision: 'approved' | 'rejected'; by: string; reason: string } | null;
}
