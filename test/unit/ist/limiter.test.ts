import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { RequestLimiter } from '../../../src/ist/limiter.ts';

describe('RequestLimiter', () => {
  it('when more calls than the concurrency arrive, then at most that many run at once', async () => {
    const limiter = new RequestLimiter({ concurrency: 2, requestsPerSecond: 1000 });
    let running = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 8 }, () => limiter.run(async () => {
      peak = Math.max(peak, ++running);
      await sleep(20);
      running--;
    })));
    assert.equal(peak, 2);
  });

  it('when calls arrive together, then they start no faster than requestsPerSecond', async () => {
    const limiter = new RequestLimiter({ concurrency: 10, requestsPerSecond: 20 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => limiter.run(async () => void starts.push(Date.now()))));
    assert.ok((starts.at(-1) ?? 0) - (starts[0] ?? 0) >= 4 * 50 - 10, `5 starts at 20/s span ≥ 200 ms, got ${(starts.at(-1) ?? 0) - (starts[0] ?? 0)}`);
  });

  it('when paused after a 429, then no call of that customer starts before the pause ends', async () => {
    const limiter = new RequestLimiter({ concurrency: 4, requestsPerSecond: 1000 });
    limiter.pause(150);
    const started = Date.now();
    await limiter.run(async () => undefined);
    assert.ok(Date.now() - started >= 140);
  });

  it('when the caller aborts while waiting for a slot, then the wait ends with the abort', async () => {
    const limiter = new RequestLimiter({ concurrency: 1, requestsPerSecond: 1000 });
    const busy = limiter.run(() => sleep(100));
    const ac = new AbortController();
    const waiting = limiter.run(async () => 'ran', ac.signal);
    ac.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    await busy;
    assert.equal(await limiter.run(async () => 'free'), 'free', 'the slot was not leaked');
  });
});
