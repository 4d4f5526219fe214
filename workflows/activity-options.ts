import type { ActivityOptions } from '@temporalio/workflow';

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
  'IstRequestRejectedError',
];

/**
 * Fetching pages: heartbeats after each stored page, so a dead worker is noticed within the
 * heartbeat timeout and the retry resumes from the last stored page. Retries here cover worker
 * deaths and outages that outlast the client's own short in-request retries.
 */
export const fetchOptions: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
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
