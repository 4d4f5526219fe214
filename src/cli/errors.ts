import { ServiceError, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ExitCode } from './exit-codes.ts';

/** Thrown when the Temporal frontend does not answer at the configured address. */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    super(`cannot reach the Temporal server at ${address}`, { cause });
  }
}

/** Thrown when a CLI verb needs a library function another part of the app has not shipped yet. */
export class FeatureNotAvailableError extends Error {
  override readonly name = 'FeatureNotAvailableError';
  constructor(readonly feature: string) {
    super(`${feature} is not available in this build`);
  }
}

export interface ExplainedError {
  line: string;
  hint: string | undefined;
  exitCode: ExitCode;
}

// Known errors by class name (so a second copy of a module cannot break `instanceof`): one line, a hint, an exit code.
const KNOWN: Record<string, { exitCode: ExitCode; hint?: (err: Error) => string | undefined }> = {
  CustomerConfigInvalidError: { exitCode: ExitCode.ConfigInvalid, hint: () => 'fix the named field; `ist-export validate-config` checks the file' },
  CustomerNotConfiguredError: { exitCode: ExitCode.NotFound, hint: () => '`ist-export validate-config` lists the configured customer ids' },
  CustomerScheduleMissingError: { exitCode: ExitCode.NotFound },
  HeldRunNotFoundError: { exitCode: ExitCode.NotFound, hint: () => '`ist-export status <customer>` shows the latest runs and their status' },
  RunNotFoundError: { exitCode: ExitCode.NotFound },
  RunAlreadyInProgressError: { exitCode: ExitCode.Conflict, hint: () => 'wait for it to end, or follow it with `ist-export status <customer>`' },
  ScheduleResumeBlockedError: { exitCode: ExitCode.Conflict },
  ScheduleTriggerTimeoutError: { exitCode: ExitCode.Failure, hint: () => 'is a worker running? `ist-export worker` starts one' },
  TemporalUnreachableError: {
    exitCode: ExitCode.TemporalUnreachable,
    hint: (err) => `is the Temporal server running at ${(err as TemporalUnreachableError).address}? set TEMPORAL_ADDRESS or --address; \`ist-export dev\` starts a local one`,
  },
  FeatureNotAvailableError: { exitCode: ExitCode.Failure, hint: () => 'this verb needs a newer ist-export' },
  PartnerConfigInvalidError: { exitCode: ExitCode.ConfigInvalid, hint: () => 'fix the named field of the partner file (PARTNERS_FILE); hashes come from `ist-export partners hash-secret`' },
  ApiSigningKeyInvalidError: { exitCode: ExitCode.ConfigInvalid, hint: () => 'set API_TOKEN_SIGNING_KEY (or API_TOKEN_SIGNING_KEY_FILE) to 32+ random bytes, the same on every API instance' },
};

export function explainError(err: unknown): ExplainedError {
  if (!(err instanceof Error)) return { line: String(err), hint: undefined, exitCode: ExitCode.Failure };
  const known = KNOWN[err.name];
  if (known) return { line: `${err.name}: ${err.message}`, hint: known.hint?.(err), exitCode: known.exitCode };
  if (err instanceof WorkflowFailedError || err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause instanceof Error ? err.cause.message : err.message;
    return { line: `${err.name}: ${cause}`, hint: '`temporal workflow show` on the workflow id shows the full failure', exitCode: ExitCode.RunFailed };
  }
  if (err instanceof ServiceError && /UNAVAILABLE|ECONNREFUSED|deadline/i.test(err.message)) {
    return { line: `${err.name}: ${err.message}`, hint: 'is the Temporal server running? set TEMPORAL_ADDRESS or --address', exitCode: ExitCode.TemporalUnreachable };
  }
  return { line: `${err.name}: ${err.message}`, hint: undefined, exitCode: ExitCode.Failure };
}

/** Thrown when a report or run is asked for that the store does not hold for this customer. */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
  constructor(
    readonly customerId: string,
    readonly runId: string | undefined,
  ) {
    super(runId ? `customer "${customerId}" has no run ${runId} in the store` : `customer "${customerId}" has no runs in the store yet`);
  }
}
