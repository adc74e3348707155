/**
 * Records events and lets a test wait for one that matches, instead of sleeping.
 */

interface Waiter<T> {
  readonly match: (items: readonly T[]) => boolean;
  readonly resolve: () => void;
}

/** An append-only list of events with `waitFor`. */
export class EventLog<T> {
  readonly items: T[] = [];
  private waiters: Waiter<T>[] = [];

  push(item: T): void {
    this.items.push(item);
    const ready = this.waiters.filter((w) => w.match(this.items));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }

  /** Resolves once `match(items)` holds; rejects after `timeoutMs` with what was seen. */
  waitFor(match: (items: readonly T[]) => boolean, timeoutMs = 15_000, what = 'event'): Promise<void> {
    if (match(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw ${JSON.stringify(this.items).slice(0, 2000)}`));
      }, timeoutMs);
      const waiter: Waiter<T> = { match, resolve: () => { clearTimeout(timer); resolve(); } };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once at least `count` events were recorded. */
  waitForCount(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor((items) => items.length >= count, timeoutMs, `${count} events`);
  }
}
