/** Public SDK for plugin authors: the plugin contract, replies, trace ids, result codes and errors. */
export type { Exchange, HeaderMap, ResponseView, RouteInfo, FrontProtocol } from './plugin/exchange.js';
export type { HookResult, PluginContext, PluginDefinition, PluginInstance, PluginLogger, SwitchReader } from './plugin/plugin.js';
export { definePlugin } from './plugin/define-plugin.js';
export { reply, isReply, type Reply } from './plugin/reply.js';
export { newTraceId, newSpanId, newTraceparent } from './trace-id.js';
export { ResultCodes, type ResultCodeName } from '../core/pipeline/result-codes.js';
export { GantryError, gantryError, isGantryError } from '../core/pipeline/gantry-error.js';
export { Type, type Static, type TSchema } from '@sinclair/typebox';
export type { SwitchDefinition } from '../core/switches/switch-definition.js';
export {
  parsePluginManifest, PluginManifestError, PluginManifestSchema, pluginPhases, defaultWasmLimits,
  type PluginManifest, type PluginPhase, type WasmLimits,
} from './plugin/manifest.js';
