import type { Static, TSchema } from '@sinclair/typebox';
import type { GantryError } from '../../core/pipeline/gantry-error.js';
import type { SwitchDefinition } from '../../core/switches/switch-definition.js';
import type { Exchange, ResponseView, RouteInfo } from './exchange.js';
import type { Reply } from './reply.js';

/** What a hook may return: nothing to continue, a reply to answer now, or a promise of either. */
export type HookResult = void | Reply | Promise<void | Reply>;

/** The hooks one configured plugin instance implements; every hook is optional. */
export interface PluginInstance {
  /** Request phase, run in descending priority. */
  onRequest?(exchange: Exchange): HookResult;
  /** Response phase, run in ascending priority, before the response head is written. */
  onResponse?(exchange: Exchange, response: ResponseView): HookResult;
  /** Error phase: sees the error that is about to be answered; may replace the answer. */
  onError?(exchange: Exchange, error: GantryError): HookResult;
  /** Called once the instance is no longer referenced by any live snapshot or in-flight call. */
  close?(): void | Promise<void>;
}

/** Log sink handed to plugins; lines go to the gateway's error log tagged with the plugin name. */
export interface PluginLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Synchronous, allocation-free read access to dynamic switches. */
export interface SwitchReader {
  /**
   * The switch's value on this node (node > global > declared default); with a route (pass
   * `exchange.route`), the value for that API, where api and group values count too. Reads memory
   * only; undefined for a switch nobody declared.
   */
  get(name: string, route?: RouteInfo): unknown;
}

/** What a plugin receives besides its config when an instance is created. */
export interface PluginContext {
  readonly pluginName: string;
  readonly log: PluginLogger;
  readonly switches: SwitchReader;
}

/** A plugin's manifest plus its factory. `S` is the TypeBox schema of its per-binding config. */
export interface PluginDefinition<S extends TSchema = TSchema> {
  /** Version of this contract; adapters keep older plugins working when it changes. */
  readonly apiVersion: 1;
  readonly name: string;
  /** Semantic version of the plugin. */
  readonly version: string;
  /** Higher runs first in the request phase. */
  readonly priority: number;
  /** JSON Schema (TypeBox) of the per-binding config; defaults in it are applied. */
  readonly schema: S;
  /** When true the gateway buffers the request body (within the body limit) before onRequest. */
  readonly requestBody?: boolean;
  /**
   * Switches the plugin reads through `context.switches`; each name starts with the plugin's name
   * and a dot (`cors.strict`). Nodes validate values against these definitions.
   */
  readonly switches?: readonly SwitchDefinition[];
  /** Builds an instance for one validated, frozen config; may be async (warm-up). */
  create(config: Static<S>, context: PluginContext): PluginInstance | Promise<PluginInstance>;
}
