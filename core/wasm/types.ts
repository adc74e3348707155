/**
 * The WASM runtime's public types: load options, failure events and what a node reports about a
 * loaded module. Kept apart from the code so the registry and observers can import them alone.
 */
import type { BreakerSpec } from '../invoke/endpoint-breaker.js';
import type { PluginPhase } from '../../sdk/plugin/manifest.js';

/**
 * Per-node key/value store lent to WASM plugins (`gantry_kv_get`/`gantry_kv_set`). It is local to
 * one gateway process: nodes do not share it, a restart empties it.
 */
export interface PluginKeyValueStore {
  get(plugin: string, key: string): Uint8Array | undefined;
  /** `value` undefined deletes the key. Returns false when the plugin's quota would be exceeded. */
  set(plugin: string, key: string, value: Uint8Array | undefined): boolean;
}

/** Why a guest call failed. */
export type WasmFailureKind =
  /** The call ran past `limits.timeoutMs` and was stopped by the meter. */
  | 'timeout'
  /** The guest trapped: unreachable/abort, out-of-bounds, stack overflow, or a grow past `limits.memoryMiB`. */
  | 'trap'
  /** The guest asked the host for more buffer memory than `limits.memoryMiB` in one call. */
  | 'memory'
  /** The guest's output is not a valid decision (see sdk/ABI.md). */
  | 'bad-output'
  /** The guest reported an error itself (Extism `error_set` or a non-zero return). */
  | 'guest-error'
  /** The plugin's breaker is open: the call was refused without running the guest. */
  | 'breaker-open';

/** Published for every failed guest call (and every refused one while the breaker is open). */
export interface WasmFailureEvent {
  readonly plugin: string;
  readonly version: string;
  readonly sha256: string;
  readonly phase: PluginPhase;
  readonly kind: WasmFailureKind;
  /** What went wrong, for the error log; never sent to clients. */
  readonly message: string;
  /** Breaker state after this failure: 0 closed, 1 half-open, 2 open. */
  readonly breakerState: 0 | 1 | 2;
}

/** Published when a plugin's breaker changes state. */
export interface WasmBreakerEvent {
  readonly plugin: string;
  readonly version: string;
  readonly state: 0 | 1 | 2;
}

/** Options of {@link loadWasmPlugin}; every field has a default (see `defaultWasmPluginOptions`). */
export interface WasmPluginOptions {
  /** Per-node plugin state; default: one in-memory store for the whole process. */
  keyValue: PluginKeyValueStore;
  /** Instrument the module with the meter (time limit). Only benchmarks turn this off. */
  metering: boolean;
  /** Guest calls one instance serves before it is replaced by a fresh one (bounds guest heap growth). */
  recycleAfterCalls: number;
  /** Idle instances kept per plugin instance; concurrent calls beyond it get a temporary instance. */
  poolSize: number;
  /** The plugin's breaker (opossum-style, as for endpoints). */
  breaker: BreakerSpec;
  /** Called for every failed or refused call, synchronously, after the channel publish. */
  onFailure: ((event: WasmFailureEvent) => void) | undefined;
  /** sha256 (hex) of the module bytes if the caller already computed it (the registry does). */
  sha256: string | undefined;
}

/** What a node reports about a loaded plugin module (node status, `gantry nodes`). */
export interface LoadedPluginInfo {
  readonly name: string;
  readonly version: string;
  readonly kind: 'ts' | 'wasm';
  /** sha256 (hex) of the module bytes as published, before metering. */
  readonly sha256: string;
}
