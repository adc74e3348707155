/**
 * When the primary restarts a dead worker: at once the first time, then with a doubling delay while
 * restarts keep coming, and not at all past a budget per minute (a worker that cannot stay up points
 * at the host or the build, and restarting it faster helps nobody).
 */

/** Restart tuning; all durations in ms. */
export interface RestartPolicyOptions {
  /** Restarts allowed across all workers within `windowMs`; one more gives up. */
  maxRestarts: number;
  windowMs: number;
  /** Delay of the second restart in the window; it doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export function defaultRestartPolicyOptions(): RestartPolicyOptions {
  return { maxRestarts: 10, windowMs: 60_000, baseDelayMs: 100, maxDelayMs: 5000 };
}

/** What to do about one worker death. */
export type RestartDecision = { readonly restart: true; readonly delayMs: number; readonly recent: number } | { readonly restart: false; readonly recent: number };

/**
 * | restarts in the last window (before this one) | decision                              |
 * |-----------------------------------------------|---------------------------------------|
 * | 0                                             | restart now                           |
 * | k, 1 ≤ k < maxRestarts                        | restart after min(base·2^(k-1), max)  |
 * | ≥ maxRestarts                                 | give up                               |
 */
export class RestartPolicy {
  private readonly times: number[] = [];

  constructor(private readonly options: RestartPolicyOptions = defaultRestartPolicyOptions(), private readonly now: () => number = Date.now) {}

  /** Decides about a death now, and counts the restart if it allows one. */
  decide(): RestartDecision {
    const now = this.now();
    while (this.times.length > 0 && (this.times[0] ?? now) <= now - this.options.windowMs) this.times.shift();
    const recent = this.times.length;
    if (recent >= this.options.maxRestarts) return { restart: false, recent };
    this.times.push(now);
    const delayMs = recent === 0 ? 0 : Math.min(this.options.baseDelayMs * 2 ** (recent - 1), this.options.maxDelayMs);
    return { restart: true, delayMs, recent: recent + 1 };
  }
}
