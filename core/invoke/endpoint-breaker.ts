import { channel } from 'node:diagnostics_channel';
import { CircuitBreaker, type BreakerSpec, type BreakerState } from './circuit-breaker.js';

export type { BreakerSpec, BreakerState } from './circuit-breaker.js';

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

/**
 * The circuit breaker of one endpoint (see CircuitBreaker for the model). State changes are
 * published on `gantry:invoke:breaker-state`, and half-open is announced on time by a timer.
 *
 * Why not opossum itself: `fire()` wraps every call in four promises and two events; A/B runs at
 * ~16k calls/s measured 4–7 µs of CPU per proxied call for it (about a tenth of the gateway's
 * whole per-call cost, see ops/bench/RESULTS.md).
 */
/** How soon a half-open announcement that fired early looks again. */
const HALF_OPEN_RECHECK_MS = 2;

export class EndpointBreaker extends CircuitBreaker {
  private halfOpenTimer: NodeJS.Timeout | undefined;

  constructor(readonly cluster: string, readonly endpoint: string, spec: BreakerSpec) {
    super(spec);
  }

  /** Stops the half-open announcement timer; called when no snapshot uses the breaker any more. */
  close(): void {
    clearTimeout(this.halfOpenTimer);
  }

  protected override afterOpen(): void {
    clearTimeout(this.halfOpenTimer);
    this.announceHalfOpenIn(this.spec.resetTimeoutMs);
  }

  /**
   * Reading `state` after the reset timeout moves it to half-open and announces that. A timer can
   * fire a millisecond before `Date.now()` says the timeout has passed (libuv counts from the loop's
   * cached time, not the moment it was set), so a breaker still open then looks again shortly.
   */
  private announceHalfOpenIn(delayMs: number): void {
    this.halfOpenTimer = setTimeout(() => {
      if (this.state === 2) this.announceHalfOpenIn(HALF_OPEN_RECHECK_MS);
    }, delayMs);
    this.halfOpenTimer.unref();
  }

  protected announce(state: BreakerState): void {
    if (breakerStateChannel.hasSubscribers) {
      const event: BreakerStateEvent = { cluster: this.cluster, endpoint: this.endpoint, state };
      breakerStateChannel.publish(event);
    }
  }
}
