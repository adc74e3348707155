import { RollingWindow } from './rolling-window.js';

/** Breaker settings (validated and defaulted by the config layer, or a plugin runtime's defaults). */
export interface BreakerSpec {
  readonly errorThresholdPercentage: number;
  readonly resetTimeoutMs: number;
  readonly volumeThreshold: number;
  readonly rollingCountTimeoutMs: number;
}

/** 0 closed, 1 half-open, 2 open — the value exported by the breaker-state gauges. */
export type BreakerState = 0 | 1 | 2;

/** Buckets of the rolling window (opossum's default). */
const WINDOW_BUCKETS = 10;

/**
 * A circuit breaker following opossum's model and option names: calls and failures are counted
 * over a rolling window of `rollingCountTimeoutMs`; once at least `volumeThreshold` calls were seen
 * and the failure rate exceeds `errorThresholdPercentage`, the breaker opens and refuses calls;
 * after `resetTimeoutMs` it is half-open and lets exactly one trial call through, which closes it
 * (clearing the window) on success or opens it again on failure.
 *
 * The accounting is synchronous — `tryAcquire` before a call, one `record*` after it, no promise
 * and no event per call. Subclasses say who hears about state changes (`announce`).
 */
export abstract class CircuitBreaker {
  private current: BreakerState = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly window: RollingWindow;

  constructor(protected readonly spec: BreakerSpec) {
    this.window = new RollingWindow(spec.rollingCountTimeoutMs, WINDOW_BUCKETS);
  }

  /** Whether a call may be sent now, claiming nothing (a load balancer's filter). */
  get admits(): boolean {
    const state = this.state;
    return state === 0 || (state === 1 && !this.trialInFlight);
  }

  get state(): BreakerState {
    // Open turns half-open by time alone.
    if (this.current === 2 && Date.now() - this.openedAt >= this.spec.resetTimeoutMs) this.moveTo(1);
    return this.current;
  }

  /**
   * Claims the right to make one call: always while closed, once while half-open (the trial),
   * never while open. Every successful claim must be followed by exactly one `record*` call.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 0) return true;
    if (state === 2 || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    if (this.current === 1) {
      this.trialInFlight = false;
      this.window.reset();
      this.moveTo(0);
      return;
    }
    this.window.record(Date.now(), false);
  }

  recordFailure(): void {
    const now = Date.now();
    if (this.current === 1) {
      this.trialInFlight = false;
      this.open(now);
      return;
    }
    if (this.current === 2) return;
    this.window.record(now, true);
    const { calls, failures } = this.window.totals(now);
    if (calls >= this.spec.volumeThreshold && (failures / calls) * 100 > this.spec.errorThresholdPercentage) this.open(now);
  }

  /** The call ended for a reason that says nothing about the target's health (client gone, plugin error). */
  recordNeutral(): void {
    if (this.current === 1) this.trialInFlight = false;
  }

  /** Tells whoever listens that the state changed. */
  protected abstract announce(state: BreakerState): void;

  /** Runs after the breaker opened (e.g. to announce half-open on time). */
  protected afterOpen(): void {}

  private open(now: number): void {
    this.openedAt = now;
    this.moveTo(2);
    this.afterOpen();
  }

  private moveTo(state: BreakerState): void {
    if (this.current === state) return;
    this.current = state;
    this.announce(state);
  }
}
