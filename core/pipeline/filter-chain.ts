import type { PluginInstance } from '../../sdk/plugin/plugin.js';

/** One configured plugin instance in an API's chain. */
export interface ChainLink {
  readonly plugin: string;
  readonly version: string;
  readonly priority: number;
  /** Where the binding came from: `api`, `group:<name>` or `global`. */
  readonly scope: string;
  readonly requestBody: boolean;
  readonly instance: PluginInstance;
  /** `failurePolicy: open`: a failing call continues the chain as if the plugin were not there. */
  readonly failOpen?: boolean;
  /** Hook timings and failures (metrics); absent in chains built without a gateway. */
  readonly meter?: PluginMeter;
}

/** Receives a link's hook durations and unexpected failures, per phase (core/observe implements it). */
export interface PluginMeter {
  /** Whether to time this call of the `phase` hook (timing may be sampled); asked once per hook call. */
  sampled(phase: 'onRequest' | 'onResponse' | 'onError'): boolean;
  /**
   * The hook of `phase`, started at `startedMs` (`performance.now()`), returned or settled just now.
   * Returns the clock reading it took, so the next hook of a synchronous run starts from it.
   */
  ended(phase: 'onRequest' | 'onResponse' | 'onError', startedMs: number): number;
  /** The hook threw, rejected or returned a non-reply (not a deliberate GantryError). */
  failed(phase: 'onRequest' | 'onResponse' | 'onError'): void;
}

/**
 * An API's plugins, precompiled per phase at snapshot time so the hot path only walks arrays:
 * each phase is null when no plugin implements it (the common case costs one null check).
 */
export class FilterChain {
  /** Request phase, descending priority. */
  readonly request: readonly ChainLink[] | null;
  /** Response phase, ascending priority (the request order reversed). */
  readonly response: readonly ChainLink[] | null;
  /** Error phase, ascending priority like the response phase. */
  readonly error: readonly ChainLink[] | null;
  /** True when any plugin asked for the buffered request body. */
  readonly needsRequestBody: boolean;

  constructor(readonly links: readonly ChainLink[]) {
    const ordered = [...links].sort((a, b) => b.priority - a.priority || a.plugin.localeCompare(b.plugin));
    const reversed = [...ordered].reverse();
    this.request = nonEmpty(ordered.filter((l) => l.instance.onRequest !== undefined));
    this.response = nonEmpty(reversed.filter((l) => l.instance.onResponse !== undefined));
    this.error = nonEmpty(reversed.filter((l) => l.instance.onError !== undefined));
    this.needsRequestBody = links.some((l) => l.requestBody);
  }
}

function nonEmpty<T>(items: T[]): readonly T[] | null {
  return items.length === 0 ? null : Object.freeze(items);
}

export const EMPTY_CHAIN = new FilterChain([]);
