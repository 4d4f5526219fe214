import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import type { FetchTiming } from './contract.ts';

/**
 * Error class names that no retry can fix (bad config, refused access, unknown customer).
 * They are thrown by activities as ApplicationFailure types; Temporal stops retrying at once.
 */
export const NON_RETRYABLE_ERRORS = [
  'CustomerConfigInvalidError',
  'CustomerNotConfiguredError',
  'CustomerCredentialsMissingError',
  'IstClientCredentialsRejectedError',
  'IstAccessNotGrantedError',
  'IstCustomerUnknownError',
  'IstListNotServedError',
  'IstRequestRejectedError',
  'CivicNoKeyMissingError',
  'CivicNoKeyInvalidError',
  'CivicNoDecryptionFailedError',
  'IsiPartnerLoginRefusedError',
  'IsiCustomerNotOpenedError',
  'IsiTriggerUnknownError',
  'IsiResponseInvalidError',
  'IsiFileCorruptError',
  'IsiMessageClassUnsupportedError',
  'IsiTransportMismatchError',
];

/**
 * One fetch chunk (activities/fetch-resource.ts): stores up to 100 pages / 30 s of one list, then
 * returns its checkpoint. Every timeout is about that bounded piece of work, not the whole listing.
 *
 * - heartbeatTimeout 30 s: the activity beats after each stored page and on a timer while a request
 *   is in flight, so silence means the worker is gone (SIGKILL, OOM, deploy); Temporal then retries
 *   on another worker, which resumes after the last stored page. Short, because that is how long a
 *   dead worker stalls the run. Heartbeats are also the only way a cancellation reaches the activity.
 * - startToCloseTimeout 15 min: a chunk starts no page after 30 s, but the last page may sit out the
 *   client's own timeouts and in-request retries (3 × up to 60 s headers + 120 s body); past that,
 *   something hangs that heartbeats do not show.
 * - scheduleToCloseTimeout 2 h: the outage budget of one chunk across all its retries. An IST or
 *   store outage longer than that fails the run; tomorrow's schedule tries again.
 * - retry: 5 s doubling to 5 min, unlimited attempts within that budget (a deploy or a crash loop
 *   must not use up a count); the non-retryable errors (config, access, unknown customer) stop at once.
 * - cancellationType WAIT_CANCELLATION_COMPLETED: a cancelled run waits until the activity stopped
 *   (its HTTP request is aborted), so dropping staging afterwards cannot race a last page write.
 *
 * `timing` (workflow input) shortens heartbeat and first retry for tests and benchmarks.
 */
export function fetchChunkOptions(timing: FetchTiming = {}): ActivityOptions {
  return {
    heartbeatTimeout: `${timing.heartbeatTimeoutSeconds ?? 30} seconds`,
    startToCloseTimeout: '15 minutes',
    scheduleToCloseTimeout: '2 hours',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: `${timing.retryInitialIntervalSeconds ?? 5} seconds`,
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      // maximumAttempts unset = unlimited: scheduleToCloseTimeout is the budget.
      nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
    },
  };
}

/**
 * The one-activity-per-list fetch of runs started before FETCH_CHUNKS_PATCH (workflows/fetch-phase.ts):
 * kept only so such runs, and their recorded histories, replay and finish.
 */
export const legacyFetchOptions: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
};

/** Mapping and storing a snapshot is local work: short, few retries (a store hiccup). */
export const storeOptions: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};

/**
 * ISI push (workflows/isi-phase.ts): one SOAP call; the trigger id is stored before the activity returns, so a
 * retry finds it instead of pushing again. A few retries for a network blip; refusals stop at once.
 */
export const isiPushOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 6, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
};

/**
 * One ISI pull (ISI holds it up to pullTimeoutMs, default 18 s) and, when the file came, its download into the store.
 * Heartbeats while in flight, so a killed worker is noticed within the heartbeat timeout and the pull retried on
 * another worker. startToClose 15 min covers a large file's download; scheduleToClose 1 h is one pull's outage budget.
 */
export function isiPullOptions(timing: FetchTiming = {}): ActivityOptions {
  return {
    heartbeatTimeout: `${timing.heartbeatTimeoutSeconds ?? 30} seconds`,
    startToCloseTimeout: '15 minutes',
    scheduleToCloseTimeout: '1 hour',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: `${timing.retryInitialIntervalSeconds ?? 5} seconds`, backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
  };
}

/** Staging the stored ISI file: local work (gunzip, parse, store), heartbeating per staged page; a retry starts over. */
export function isiStageOptions(timing: FetchTiming = {}): ActivityOptions {
  return {
    heartbeatTimeout: `${timing.heartbeatTimeoutSeconds ?? 30} seconds`,
    startToCloseTimeout: '1 hour',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: `${timing.retryInitialIntervalSeconds ?? 5} seconds`, backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_ERRORS },
  };
}

/**
 * Mapping and storing a snapshot (buildSnapshot) for runs past SNAPSHOT_HEARTBEAT_PATCH: the activity
 * streams and beats every 2 s and between pages, so 10 s of silence means the worker is gone (SIGKILL,
 * OOM) and the retry starts on another worker after seconds, not after storeOptions' 2 minutes.
 */
export const snapshotOptions: ActivityOptions = { ...storeOptions, heartbeatTimeout: '10 seconds' };
