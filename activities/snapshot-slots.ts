/**
 * How many snapshots one worker maps at once (MAX_CONCURRENT_SNAPSHOTS). Mapping is the one step whose
 * memory grows with the tenant (a few bytes per person and membership: src/map/stream-customer.ts), so
 * a worker that exports many large customers at the same moment maps them a few at a time and keeps
 * its heap bounded; fetching, diffing and publishing are not held back. A waiting activity keeps
 * beating (its caller's timer) and gives up its place when the run is cancelled.
 */
export class SnapshotSlots {
  private active = 0;
  private readonly waiting: Array<{ grant: () => void }> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`MAX_CONCURRENT_SNAPSHOTS must be a whole number ≥ 1, got ${size}`);
  }

  /** Run `fn` in a slot; waits (abortably) while all are taken. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Snapshots waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve();
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason instanceof Error ? signal!.reason : new Error('cancelled while waiting for a snapshot slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.grant();
  }
}
