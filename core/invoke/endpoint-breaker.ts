import { channel } from 'node:diagnostics_channel';
import { RollingWindow } from './rolling-window.js';

/** Breaker settings of a cluster (validated and defaulted by the config layer). */
export interface BreakerSpec {
  readonly errorThresholdPercentage: number;
  readonly resetTimeoutMs: number;
  readonly volumeThreshold: number;
  readonly rollingCountTimeoutMs: number;
}

/** 0 closed, 1 half-open, 2 open — the value exported by the breaker-state gauge. */
export type BreakerState = 0 | 1 | 2;

/** Published on every state change: `{ cluster, endpoint, state }`. */
export const breakerStateChannel = channel('gantry:invoke:breaker-state');

export interface BreakerStateEvent {
  readonly cluster: string;
  readonly endpoint: string;
  readonly state: BreakerState;
}

/** An error that must not count against an endpoint's health (e.g. the client went away). */
export interface BreakerNeutral {
  readonly breakerNeutral?: boolean;
}

/** True when an attempt's error must not count against the endpoint. */
export function isBreakerNeutral(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as BreakerNeutral).breakerNeutral === true;
}

/** Buckets of the rolling window (opossum's default). */
const WINDOW_BUCKETS = 10;

/**
 * The circuit breaker of one endpoint, following opossum's model and option names: calls and
 * failures are counted over a rolling window of `rollingCountTimeoutMs`; once at least
 * `volumeThreshold` calls were seen and the failure rate exceeds `errorThresholdPercentage`, the
 * breaker opens and refuses calls; after `resetTimeoutMs` it is half-open and lets exactly one trial
 * call through, which closes it (clearing the window) on success or opens it again on failure.
 *
 * Why not opossum itself: `fire()` wraps every call in four promises and two events; A/B runs at
 * ~16k calls/s measured 4–7 µs of CPU per proxied call for it (about a tenth of the gateway's
 * whole per-call cost, see ops/bench/RESULTS.md). Here the accounting is synchronous:
 * `tryAcquire` before an attempt, one `record*` after it, no promise and no event per call.
 */
export class EndpointBreaker {
  private current: BreakerState = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private halfOpenTimer: NodeJS.Timeout | undefined;
  private readonly window: RollingWindow;

  constructor(readonly cluster: string, readonly endpoint: string, private readonly spec: BreakerSpec) {
    this.window = new RollingWindow(spec.rollingCountTimeoutMs, WINDOW_BUCKETS);
  }

  /** Whether a call may be sent now, claiming nothing (the load balancer's filter). */
  get admits(): boolean {
    const state = this.state;
    return state === 0 || (state === 1 && !this.trialInFlight);
  }

  get state(): BreakerState {
    // Open turns half-open by time alone; the timer only announces it.
    if (this.current === 2 && Date.now() - this.openedAt >= this.spec.resetTimeoutMs) this.moveTo(1);
    return this.current;
  }

  /**
   * Claims the right to send one attempt: always while closed, once while half-open (the trial),
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

  /** The attempt ended for a reason that says nothing about the endpoint (client gone, plugin error). */
  recordNeutral(): void {
    if (this.current === 1) this.trialInFlight = false;
  }

  /** Stops the half-open announcement timer; called when no snapshot uses the breaker any more. */
  close(): void {
    clearTimeout(this.halfOpenTimer);
  }

  private open(now: number): void {
    this.openedAt = now;
    this.moveTo(2);
    clearTimeout(this.halfOpenTimer);
    // Reading `state` after the reset timeout moves it to half-open and announces that.
    this.halfOpenTimer = setTimeout(() => this.state, this.spec.resetTimeoutMs);
    this.halfOpenTimer.unref();
  }

  private moveTo(state: BreakerState): void {
    if (this.current === state) return;
    this.current = state;
    if (breakerStateChannel.hasSubscribers) {
      const event: BreakerStateEvent = { cluster: this.cluster, endpoint: this.endpoint, state };
      breakerStateChannel.publish(event);
    }
  }
}
