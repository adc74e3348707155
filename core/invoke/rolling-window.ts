/**
 * Calls and failures counted over a rolling window of fixed-size buckets. Buckets are advanced
 * lazily from the caller's clock, so an idle window costs nothing and needs no timer.
 */
export class RollingWindow {
  private readonly calls: Int32Array;
  private readonly failures: Int32Array;
  private readonly bucketMs: number;
  /** Absolute number of the newest bucket (time / bucketMs). */
  private newest = 0;

  constructor(windowMs: number, buckets: number) {
    this.calls = new Int32Array(buckets);
    this.failures = new Int32Array(buckets);
    this.bucketMs = Math.max(1, Math.floor(windowMs / buckets));
  }

  /** Counts one call at time `now` (ms). */
  record(now: number, failed: boolean): void {
    const slot = this.advance(now);
    this.calls[slot] = (this.calls[slot] as number) + 1;
    if (failed) this.failures[slot] = (this.failures[slot] as number) + 1;
  }

  /** Totals over the window ending at `now`. */
  totals(now: number): { calls: number; failures: number } {
    this.advance(now);
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.calls.length; i++) {
      calls += this.calls[i] as number;
      failures += this.failures[i] as number;
    }
    return { calls, failures };
  }

  reset(): void {
    this.calls.fill(0);
    this.failures.fill(0);
  }

  /** Clears the buckets that expired since the last use; returns the slot for `now`. */
  private advance(now: number): number {
    const bucket = Math.floor(now / this.bucketMs);
    const size = this.calls.length;
    if (bucket > this.newest) {
      const expired = Math.min(bucket - this.newest, size);
      for (let i = 1; i <= expired; i++) {
        const slot = (this.newest + i) % size;
        this.calls[slot] = 0;
        this.failures[slot] = 0;
      }
      this.newest = bucket;
    }
    return this.newest % size;
  }
}
