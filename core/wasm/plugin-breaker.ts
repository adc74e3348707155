/**
 * The breaker of one loaded WASM plugin: after repeated failures its calls fail fast (7777) without
 * running the guest, until a half-open trial call succeeds. Same model and option names as the
 * endpoint breaker (opossum's), but its own channel, so plugin trips never show up as endpoint ones.
 */
import { channel } from 'node:diagnostics_channel';
import type { BreakerSpec } from '../invoke/endpoint-breaker.js';
import { RollingWindow } from '../invoke/rolling-window.js';
import type { WasmBreakerEvent } from './types.js';

/** Published on every state change of a plugin breaker: a {@link WasmBreakerEvent}. */
export const wasmBreakerChannel = channel('gantry:wasm:breaker-state');

/** Defaults: open at >50% failures over 10 s once 5 calls were seen; try again after 5 s. */
export function defaultPluginBreakerSpec(): BreakerSpec {
  return { errorThresholdPercentage: 50, volumeThreshold: 5, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 5_000 };
}

export class PluginBreaker {
  private current: 0 | 1 | 2 = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly window: RollingWindow;

  constructor(private readonly plugin: string, private readonly version: string, private readonly spec: BreakerSpec) {
    this.window = new RollingWindow(spec.rollingCountTimeoutMs, 10);
  }

  /** 0 closed, 1 half-open, 2 open; open turns half-open by time alone. */
  get state(): 0 | 1 | 2 {
    if (this.current === 2 && Date.now() - this.openedAt >= this.spec.resetTimeoutMs) this.moveTo(1);
    return this.current;
  }

  /** Claims one call: always while closed, the single trial while half-open, never while open. */
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

  private open(now: number): void {
    this.openedAt = now;
    this.moveTo(2);
  }

  private moveTo(state: 0 | 1 | 2): void {
    if (this.current === state) return;
    this.current = state;
    if (wasmBreakerChannel.hasSubscribers) {
      const event: WasmBreakerEvent = { plugin: this.plugin, version: this.version, state };
      wasmBreakerChannel.publish(event);
    }
  }
}
