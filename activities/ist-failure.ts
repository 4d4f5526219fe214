import { ApplicationFailure } from '@temporalio/activity';
import { IstUnavailableError } from '../src/ist/errors.ts';

/**
 * Run an activity body; when IST sent a Retry-After longer than the client sleeps in-request, the
 * failure carries it as Temporal's next retry delay, so the activity retry honours IST's hint
 * instead of its own exponential interval. Type and message stay those of IstUnavailableError.
 */
export async function withIstRetryHint<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof IstUnavailableError && err.retryAfterMs !== undefined) {
      throw ApplicationFailure.create({ type: err.name, message: err.message, nextRetryDelay: Math.max(1000, err.retryAfterMs), cause: err });
    }
    throw err;
  }
}
