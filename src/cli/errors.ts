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
  CodecServerConfigError: { exitCode: ExitCode.Usage, hint: () => 'README: Security and data protection → codec server' },
  PayloadCodecKeysInvalidError: { exitCode: ExitCode.Usage, hint: () => 'generate a key with: echo "k$(date +%Y%m):$(openssl rand -base64 32)"' },
  PayloadCodecKeyUnknownError: { exitCode: ExitCode.Failure, hint: () => 'keep rotated-out keys in PAYLOAD_CODEC_KEYS after the current one while runs encrypted with them are kept' },
  PayloadDecryptionFailedError: { exitCode: ExitCode.Failure, hint: () => 'the key under this id differs from the one that encrypted the payload; check PAYLOAD_CODEC_KEYS' },
  CustomerStillConfiguredError: { exitCode: ExitCode.Conflict },
  ErasureRunInProgressError: { exitCode: ExitCode.Conflict, hint: () => 'wait for the run to end (or reject a held run), then erase' },
  ErasureSubjectNotFoundError: { exitCode: ExitCode.NotFound, hint: () => 'check the customer id and the IST person id' },
  TemporalProfileInvalidError: { exitCode: ExitCode.Usage, hint: () => 'check TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE and the TLS file paths' },
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
