/**
 * The breaker of one loaded WASM plugin: after repeated failures its calls fail fast (7777) without
 * running the guest, until a half-open trial call succeeds. Same model and option names as the
 * endpoint breaker (opossum's), but its own channel, so plugin trips never show up as endpoint ones.
 */
import { channel } from 'node:diagnostics_channel';
import { CircuitBreaker, type BreakerSpec, type BreakerState } from '../invoke/circuit-breaker.js';
import type { WasmBreakerEvent } from './types.js';

/** Published on every state change of a plugin breaker: a {@link WasmBreakerEvent}. */
export const wasmBreakerChannel = channel('gantry:wasm:breaker-state');

/** Defaults: open at >50% failures over 10 s once 5 calls were seen; try again after 5 s. */
export function defaultPluginBreakerSpec(): BreakerSpec {
  return { errorThresholdPercentage: 50, volumeThreshold: 5, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 5_000 };
}

export class PluginBreaker extends CircuitBreaker {
  constructor(private readonly plugin: string, private readonly version: string, spec: BreakerSpec) {
    super(spec);
  }

  protected announce(state: BreakerState): void {
    if (wasmBreakerChannel.hasSubscribers) {
      const event: WasmBreakerEvent = { plugin: this.plugin, version: this.version, state };
      wasmBreakerChannel.publish(event);
    }
  }
}
