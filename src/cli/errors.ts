import { ServiceError, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { namedFailure } from '../../workflows/failure.ts';
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
  // Errors a run fails with (activities): the CLI meets them as the named cause of a failed run.
  CustomerCredentialsMissingError: { exitCode: ExitCode.Failure, hint: () => 'set the named variable (or <NAME>_FILE) in the worker\'s environment and restart the worker' },
  IstClientCredentialsRejectedError: { exitCode: ExitCode.Failure, hint: () => 'check the client id/secret IST issued for this customer (the variables named by clientIdEnv/clientSecretEnv on the worker)' },
  IstAccessNotGrantedError: { exitCode: ExitCode.Failure, hint: () => 'ask the customer (IST Administration) or IST to grant our integration partner id access on that ISI_EXTENS_ID' },
  IstCustomerUnknownError: { exitCode: ExitCode.Failure, hint: () => 'check extensId (ISI_EXTENS_ID) and apiBaseUrl in the customer file against what IST gave you' },
  IstRequestRejectedError: { exitCode: ExitCode.Failure, hint: () => 'IST refused our request; report it to us with the code shown' },
  IstUnavailableError: { exitCode: ExitCode.Failure, hint: () => 'IST was down, throttling or unreachable past the retries; check IST\'s status and apiBaseUrl/tokenUrl, then run again' },
  CivicNoKeyMissingError: { exitCode: ExitCode.Failure, hint: () => 'set CIVICNO_KEY (or CIVICNO_KEY_FILE) on every worker: `openssl rand -hex 32`, kept in your secret store' },
  CivicNoKeyInvalidError: { exitCode: ExitCode.Failure, hint: () => 'CIVICNO_KEY must be 64 hex digits or base64 of 32 bytes (`openssl rand -hex 32`)' },
  CivicNoDecryptionFailedError: { exitCode: ExitCode.Failure, hint: () => 'use the key the numbers were written with; a new key applies from the next run' },
  StagedPagesGapError: { exitCode: ExitCode.Failure, hint: () => 'run again: the next run starts clean; report it to us if it repeats' },
  PublicationBaseChangedError: { exitCode: ExitCode.Failure, hint: () => 'a newer run of the customer was published; run again if needed' },
  RunNotDiffedError: { exitCode: ExitCode.Failure, hint: () => 'report it to us' },
  TerminatedFailure: { exitCode: ExitCode.Failure, hint: () => 'the run was terminated in Temporal (the message is the reason given); run again when ready' },
  TimeoutFailure: { exitCode: ExitCode.Failure, hint: () => 'the run (or a step of it) ran out of time in Temporal; `temporal workflow show` on the workflow id shows which' },
  CodecServerConfigError: { exitCode: ExitCode.Usage, hint: () => 'README: Security and data protection → codec server' },
  PayloadCodecKeysInvalidError: { exitCode: ExitCode.Usage, hint: () => 'generate a key with: echo "k$(date +%Y%m):$(openssl rand -base64 32)"' },
  PayloadCodecKeyUnknownError: { exitCode: ExitCode.Failure, hint: () => 'keep rotated-out keys in PAYLOAD_CODEC_KEYS after the current one while runs encrypted with them are kept' },
  PayloadDecryptionFailedError: { exitCode: ExitCode.Failure, hint: () => 'the key under this id differs from the one that encrypted the payload; check PAYLOAD_CODEC_KEYS' },
  CustomerStillConfiguredError: { exitCode: ExitCode.Conflict },
  ErasureRunInProgressError: { exitCode: ExitCode.Conflict, hint: () => 'wait for the run to end (or reject a held run), then erase' },
  ErasureSubjectNotFoundError: { exitCode: ExitCode.NotFound, hint: () => 'check the customer id and the IST person id' },
  TemporalProfileInvalidError: { exitCode: ExitCode.Usage, hint: () => 'check TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE and the TLS file paths' },
  PartnerConfigInvalidError: { exitCode: ExitCode.ConfigInvalid, hint: () => 'fix the named field of the partner file (PARTNERS_FILE); hashes come from `ist-export partners hash-secret`' },
  ApiSigningKeyInvalidError: { exitCode: ExitCode.ConfigInvalid, hint: () => 'set API_TOKEN_SIGNING_KEY (or API_TOKEN_SIGNING_KEY_FILE) to 32+ random bytes, the same on every API instance' },
};

/** The operator's hint for a failure of that name (the name before `:` in `runs.failure` works too). */
export function hintFor(name: string): string | undefined {
  return KNOWN[name]?.hint?.(Object.assign(new Error(), { name }));
}

export function explainError(err: unknown): ExplainedError {
  if (!(err instanceof Error)) return { line: String(err), hint: undefined, exitCode: ExitCode.Failure };
  const known = KNOWN[err.name];
  if (known) return { line: `${err.name}: ${err.message}`, hint: known.hint?.(err), exitCode: known.exitCode };
  if (err instanceof WorkflowFailedError || err instanceof WorkflowUpdateFailedError) {
    // The operator needs the named error inside Temporal's wrappers ("Activity task failed"), and its hint.
    const named = namedFailure(err);
    return { line: `${named.name}: ${named.message}`, hint: hintFor(named.name) ?? '`temporal workflow show` on the workflow id shows the full failure', exitCode: ExitCode.RunFailed };
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
