import { setTimeout as sleep } from 'node:timers/promises';

export interface LimiterOptions {
  /** Most requests in flight at once. */
  concurrency: number;
  /** Most requests started per second (evenly spaced, no bursts). */
  requestsPerSecond: number;
  now?: () => number;
}

/**
 * The load one customer puts on IST from one worker: a concurrency cap and an even request rate.
 * Each customer has its own limiter (and its own connection pool), so a slow or throttled customer
 * only ever waits on itself. A 429's Retry-After pauses every request of the customer, not just the
 * one that got it: that is what keeps parallel listings from a retry storm.
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStartAt = 0;
  private pausedUntil = 0;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LimiterOptions) {
    this.intervalMs = 1000 / options.requestsPerSecond;
    this.now = options.now ?? Date.now;
  }

  /** Run `fn` when a slot is free and the rate allows it. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      await this.pace(signal);
      return await fn();
    } finally {
      this.release();
    }
  }

  /** No request of this customer starts before `ms` from now (IST said Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.options.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes on directly: `active` stays the same
    else this.active--;
  }

  private async pace(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      const at = Math.max(this.nextStartAt, this.pausedUntil);
      if (at <= now) {
        this.nextStartAt = now + this.intervalMs;
        return;
      }
      await sleep(at - now, undefined, { signal });
    }
  }
}
