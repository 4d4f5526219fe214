import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY_POLICY, nextDelay, parseRetryAfter } from '../../../src/ist/retry.ts';

describe('retry policy', () => {
  it('when Retry-After is seconds or an HTTP date, then it becomes ms from now', () => {
    const now = Date.parse('2025-03-15T10:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('Sat, 15 Mar 2025 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 15 Mar 2025 09:00:00 GMT', now), 0, 'a past date means now');
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('when retrying, then waits grow exponentially with jitter, capped, and stop at attempts or budget', () => {
    const p = { ...DEFAULT_RETRY_POLICY, attempts: 5, baseDelayMs: 100, maxDelayMs: 300, budgetMs: 10_000 };
    assert.equal(nextDelay(p, 1, 0, undefined, () => 0), 50);
    assert.equal(nextDelay(p, 1, 0, undefined, () => 1), 100);
    assert.equal(nextDelay(p, 3, 0, undefined, () => 1), 300, 'capped at maxDelayMs');
    assert.equal(nextDelay(p, 5, 0, undefined), undefined, 'no try after the last');
    assert.equal(nextDelay(p, 1, 9_990, undefined, () => 1), undefined, 'over the budget');
  });

  it('when IST sent Retry-After, then it wins within maxRetryAfterMs and hands over beyond it', () => {
    const p = { ...DEFAULT_RETRY_POLICY, maxRetryAfterMs: 5_000 };
    assert.equal(nextDelay(p, 1, 0, 4_000), 4_000);
    assert.equal(nextDelay(p, 1, 0, 6_000), undefined);
  });
});
