/**
 * The sandboxed WASM plugin runtime: Extism modules implementing the filter ABI (sdk/ABI.md),
 * metered for time, capped in memory, each behind its own breaker, presented to the pipeline as
 * ordinary `PluginDefinition`s. See README.md in this folder.
 */
export {
  loadWasmPlugin, defaultWasmPluginOptions, isWasmPluginDefinition,
  type WasmPluginDefinition, type WasmPluginStats,
} from './load-wasm-plugin.js';
export { prepareWasmModule, sha256Hex, phaseExports, WasmLoadError, type PreparedWasmModule } from './prepare-module.js';
export { MemoryKeyValueStore, processKeyValueStore, defaultKeyValueQuota, type KeyValueQuota } from './plugin-kv.js';
export { wasmFailureChannel } from './wasm-failure.js';
export { wasmBreakerChannel, defaultPluginBreakerSpec } from './plugin-breaker.js';
export type {
  LoadedPluginInfo, PluginKeyValueStore, WasmBreakerEvent, WasmFailureEvent, WasmFailureKind, WasmPluginOptions,
} from './types.js';
export { loadedPluginInfo } from './loaded-plugin-info.js';
