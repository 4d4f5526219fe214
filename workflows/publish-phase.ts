import { condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { ChangeCounts } from '../src/diff/types.ts';
import { storeOptions } from './activity-options.ts';
import {
  APPROVE_UPDATE,
  PREVIEW_QUERY,
  REJECT_UPDATE,
  RunStatus,
  type DecisionInput,
  type DecisionResult,
  type ExportProgress,
  type PreviewState,
} from './contract.ts';

// After the snapshot is stored: diff it against the published state, judge it by the guards, and
// publish, hold for a person's decision, or (dry run) only report. Carries counts and ids only.

const { diffRun, holdRun, recordDecision, publishRun } = proxyActivities<Activities>(storeOptions);

export const previewQuery = defineQuery<PreviewState | null>(PREVIEW_QUERY);
export const approveUpdate = defineUpdate<DecisionResult, [DecisionInput]>(APPROVE_UPDATE);
export const rejectUpdate = defineUpdate<DecisionResult, [DecisionInput]>(REJECT_UPDATE);

/** The patch id guarding this phase, so histories recorded before it still replay. */
export const PUBLISH_PHASE_PATCH = 'publish-phase-v1';

export interface PublishPhaseInput {
  customerId: string;
  runId: string;
  dryRun: boolean;
  /** Per IST list: records read, quarantined, failed (the incomplete-data guard reads them). */
  resources: { resource: string; records: number; quarantined: number; failed?: boolean }[];
  /** The status of a run that publishes without a hold (succeeded or succeeded_with_warnings). */
  okStatus: RunStatus;
  progress: ExportProgress;
  /** Sets IstRunStatus on the run. */
  setStatus(status: RunStatus): void;
}

export interface PublishPhaseResult {
  status: RunStatus;
  changes: ChangeCounts;
  publication: { firstSeq: number | null; lastSeq: number } | null;
}

export async function publishPhase(input: PublishPhaseInput): Promise<PublishPhaseResult> {
  const { customerId, runId, progress } = input;
  let preview: PreviewState | null = null;
  let decision: PreviewState['decision'] = null;
  setHandler(previewQuery, () => preview);
  const validator = (d: DecisionInput) => {
    if (preview?.status !== RunStatus.AwaitingApproval) throw new Error(`run ${runId} is not awaiting approval`);
    if (decision) throw new Error(`run ${runId} is already ${decision.decision}`);
    if (d?.version !== 1 || !d.by?.trim() || !d.reason?.trim()) throw new Error('a decision needs version 1, by and reason');
  };
  const decide = (kind: 'approved' | 'rejected') => (d: DecisionInput): DecisionResult => {
    decision = { decision: kind, by: d.by, reason: d.reason };
    return { version: 1, runId, decision: kind };
  };
  setHandler(approveUpdate, decide('approved'), { validator });
  setHandler(rejectUpdate, decide('rejected'), { validator });

  const enter = (phase: ExportProgress['phase'], status?: RunStatus) => {
    progress.phase = phase;
    if (status) {
      progress.status = status;
      if (preview) preview.status = status;
      input.setStatus(status);
    }
  };

  enter('diffing');
  const diff = await diffRun({ customerId, runId, dryRun: input.dryRun, resources: input.resources });
  preview = { version: 1, runId, status: RunStatus.Running, dryRun: input.dryRun, firstRun: diff.firstRun, changes: diff.changes, guard: diff.guard, refs: diff.refs, deadline: null, decision: null };
  const done = (status: RunStatus, publication: PublishPhaseResult['publication'] = null): PublishPhaseResult => {
    if (preview) preview.status = status;
    return { status, changes: diff.changes, publication };
  };
  const publish = async () => {
    enter('publishing');
    const outcome = await publishRun({ customerId, runId });
    return { firstSeq: outcome.firstSeq, lastSeq: outcome.lastSeq };
  };

  if (input.dryRun) return done(RunStatus.DryRun);
  if (!diff.guard.held) return done(input.okStatus, await publish());

  await holdRun({ runId });
  preview.deadline = new Date(Date.now() + diff.approvalDeadlineMs).toISOString();
  enter('awaiting_approval', RunStatus.AwaitingApproval);
  const decided = await condition(() => decision !== null, diff.approvalDeadlineMs);
  if (!decided || !decision) return done(RunStatus.Discarded);
  const { decision: kind, by, reason } = decision as NonNullable<PreviewState['decision']>;
  await recordDecision({ runId, decision: kind, by, reason });
  if (kind === 'rejected') return done(RunStatus.Rejected);
  return done(RunStatus.Approved, await publish());
}
