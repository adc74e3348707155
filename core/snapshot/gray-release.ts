/**
 * Gray release of a plugin: one chain link whose calls are split between several loaded versions,
 * by request label first (a header or query value), then by weight. The split is a credit counter,
 * not a random draw: with weights 90 and 10 exactly one call in ten goes to the second version, so
 * the share is exact from the first hundred calls on, on every node.
 *
 * The version chosen for a call is kept on the exchange (attribute `gantry.gray:<scope>:<name>`) so
 * the response and error phases of that call run on the same version, and is added to
 * `CallExchange.pluginVersions` for the digest log. Calls of a link without gray release never
 * reach this file.
 */
import type { Exchange, ResponseView } from '../../sdk/plugin/exchange.js';
import type { HookResult, PluginInstance } from '../../sdk/plugin/plugin.js';
import { CallExchange } from '../pipeline/call-exchange.js';
import type { GantryError } from '../pipeline/gantry-error.js';

/** One version taking part, with its instance and which calls it serves. */
export interface GrayVariant {
  readonly version: string;
  readonly instance: PluginInstance;
  /** Relative share of unlabelled calls; 0 for label-only entries. */
  readonly weight: number;
  readonly label: { readonly header: string | undefined; readonly query: string | undefined; readonly values: readonly string[] } | undefined;
}

/** The value of query parameter `name` in a raw query string (first occurrence, not decoded). */
export function queryValue(query: string, name: string): string | undefined {
  let from = 0;
  while (from <= query.length) {
    const end = query.indexOf('&', from);
    const stop = end < 0 ? query.length : end;
    if (query.startsWith(name, from) && query.charCodeAt(from + name.length) === 61 /* = */ && from + name.length < stop) {
      return decodeURIComponent(query.slice(from + name.length + 1, stop).replaceAll('+', ' '));
    }
    if (end < 0) return undefined;
    from = end + 1;
  }
  return undefined;
}

function headerValue(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A chain link's instance that runs each call on one of several versions. */
export class GrayInstance implements PluginInstance {
  readonly onRequest?: (exchange: Exchange) => HookResult;
  readonly onResponse?: (exchange: Exchange, response: ResponseView) => HookResult;
  readonly onError?: (exchange: Exchange, error: GantryError) => HookResult;
  private readonly labelled: readonly GrayVariant[];
  private readonly weighted: readonly GrayVariant[];
  private readonly totalWeight: number;
  private readonly credits: number[];
  private readonly attribute: string;
  private readonly servedText: readonly string[];

  constructor(pluginName: string, scopeId: string, private readonly variants: readonly GrayVariant[]) {
    this.labelled = variants.filter((v) => v.label !== undefined);
    this.weighted = variants.filter((v) => v.label === undefined && v.weight > 0);
    this.totalWeight = this.weighted.reduce((sum, v) => sum + v.weight, 0);
    this.credits = this.weighted.map(() => 0);
    this.attribute = `gantry.gray:${scopeId}:${pluginName}`;
    this.servedText = variants.map((v) => `${pluginName}@${v.version}`);
    // Each hook exists only when some version implements it, so the chain's phase arrays stay exact.
    if (variants.some((v) => v.instance.onRequest !== undefined)) this.onRequest = (exchange) => this.variantFor(exchange).instance.onRequest?.(exchange);
    if (variants.some((v) => v.instance.onResponse !== undefined)) this.onResponse = (exchange, response) => this.variantFor(exchange).instance.onResponse?.(exchange, response);
    if (variants.some((v) => v.instance.onError !== undefined)) this.onError = (exchange, error) => this.variantFor(exchange).instance.onError?.(exchange, error);
  }

  /** The version serving this call: chosen once per call, then remembered on the exchange. */
  private variantFor(exchange: Exchange): GrayVariant {
    const known = exchange.attributes.get(this.attribute);
    if (typeof known === 'number') return this.variants[known] as GrayVariant;
    const index = this.choose(exchange);
    exchange.attributes.set(this.attribute, index);
    if (exchange instanceof CallExchange) {
      const served = this.servedText[index] as string;
      exchange.pluginVersions = exchange.pluginVersions === undefined ? served : `${exchange.pluginVersions} ${served}`;
    }
    return this.variants[index] as GrayVariant;
  }

  private choose(exchange: Exchange): number {
    for (const variant of this.labelled) {
      const label = variant.label;
      if (label === undefined) continue;
      const value = label.header !== undefined ? headerValue(exchange, label.header) : label.query !== undefined ? queryValue(exchange.query, label.query) : undefined;
      if (value !== undefined && label.values.includes(value)) return this.variants.indexOf(variant);
    }
    // Smooth weighted round-robin: every entry earns its weight, the richest serves and pays the total.
    let best = 0;
    for (let i = 0; i < this.weighted.length; i++) {
      this.credits[i] = (this.credits[i] as number) + (this.weighted[i] as GrayVariant).weight;
      if ((this.credits[i] as number) > (this.credits[best] as number)) best = i;
    }
    this.credits[best] = (this.credits[best] as number) - this.totalWeight;
    return this.variants.indexOf(this.weighted[best] as GrayVariant);
  }
}
