/**
 * What the client retries itself, and what it leaves to Temporal.
 *
 * In-request retries absorb blips (one 503, a reset, a truncated body, a short 429) within one
 * activity attempt, so a page is not lost to a hiccup and no progress is thrown away. They are
 * bounded by `attempts` and by `budgetMs` (kept under the fetch heartbeat timeout), and a
 * Retry-After longer than `maxRetryAfterMs` is not slept here at all. When either bound is hit
 * the client throws IstUnavailableError carrying IST's Retry-After, and Temporal's activity retry
 * policy (longer, exponential, resuming from the last stored page) takes over, honouring that
 * delay. Worst case per page: attempts × Temporal's maximumAttempts requests, spread over hours,
 * and throttled by the customer's RequestLimiter: never a storm.
 */
export interface RetryPolicy {
  /** Tries per request within one activity attempt, the first included. Default 4. */
  attempts: number;
  /** First backoff wait in ms; doubles per retry, then jittered into [½, 1] of it. Default 500. */
  baseDelayMs: number;
  /** Longest single backoff wait in ms. Default 8000. */
  maxDelayMs: number;
  /** Longest Retry-After (ms) slept in-request; longer ones go to Temporal as the next retry delay. Default 15000. */
  maxRetryAfterMs: number;
  /** Wall time (ms) one request may spend including retries before handing over to Temporal. Default 40000. */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 15_000, budgetMs: 40_000 };

/**
 * The wait before try `attempt + 1`, or undefined when the client should stop retrying in-request.
 * `retryAfterMs` (IST's hint) wins over the computed backoff.
 */
export function nextDelay(policy: RetryPolicy, attempt: number, elapsedMs: number, retryAfterMs: number | undefined, random = Math.random): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  let wait: number;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return undefined;
    wait = retryAfterMs;
  } else {
    const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    wait = exponential / 2 + random() * (exponential / 2);
  }
  return elapsedMs + wait > policy.budgetMs ? undefined : wait;
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); ms from now, or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
