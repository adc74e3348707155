import { definePlugin, type Exchange, type HeaderMap, type PluginInstance, type ResponseView } from '../../sdk/index.js';
import { HeaderRewriteSchema, type HeaderEdits, type HeaderRewriteConfig } from './schema.js';

/** One side's edits, lower-cased and flattened once at create time so a call only walks arrays. */
interface CompiledEdits {
  readonly remove: readonly string[];
  readonly set: readonly (readonly [name: string, value: string])[];
  readonly add: readonly (readonly [name: string, value: string])[];
}

/** Lower-cased `[name, value]` pairs; two keys that differ only in case are refused, not merged. */
function headerPairs(values: Readonly<Record<string, string>> | undefined, at: string): [string, string][] {
  const pairs: [string, string][] = [];
  const spelledAs = new Map<string, string>();
  for (const [name, value] of Object.entries(values ?? {})) {
    const lower = name.toLowerCase();
    const earlier = spelledAs.get(lower);
    if (earlier !== undefined) throw new TypeError(`${at}: "${earlier}" and "${name}" name the same header`);
    spelledAs.set(lower, name);
    pairs.push([lower, value]);
  }
  return pairs;
}

/** The compiled edits of one side, or undefined when there is nothing to do (so no hook is offered). */
function compileEdits(edits: HeaderEdits | undefined, side: string): CompiledEdits | undefined {
  if (edits === undefined) return undefined;
  const remove = [...new Set((edits.remove ?? []).map((name) => name.toLowerCase()))];
  const set = headerPairs(edits.set, `${side}.set`);
  const add = headerPairs(edits.add, `${side}.add`);
  if (remove.length === 0 && set.length === 0 && add.length === 0) return undefined;
  return { remove, set, add };
}

/**
 * Applies edits in the order remove, set, add:
 *
 * | header before  | remove   | set v      | add v                      |
 * |----------------|----------|------------|----------------------------|
 * | absent         | absent   | v          | v                          |
 * | "a"            | absent   | v          | ["a", v]                   |
 * | ["a", "b"]     | absent   | v          | ["a", "b", v] (new array)  |
 */
function applyEdits(edits: CompiledEdits, headers: HeaderMap): void {
  for (const name of edits.remove) delete headers[name];
  for (const [name, value] of edits.set) headers[name] = value;
  for (const [name, value] of edits.add) {
    const existing = headers[name];
    // A new array: the old one may be shared with the listener's parsed request.
    headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
}

/**
 * Removes, sets and appends request headers (before the call is forwarded) and response headers
 * (before the head is written). A side without edits gets no hook, so the pipeline skips that phase.
 */
export const headerRewrite = definePlugin({
  name: 'header-rewrite',
  version: '1.0.0',
  priority: 1000,
  schema: HeaderRewriteSchema,
  create(config: HeaderRewriteConfig): PluginInstance {
    const request = compileEdits(config.request, 'request');
    const response = compileEdits(config.response, 'response');
    const instance: PluginInstance = {};
    if (request !== undefined) {
      instance.onRequest = (exchange: Exchange): void => applyEdits(request, exchange.headers);
    }
    if (response !== undefined) {
      instance.onResponse = (_exchange: Exchange, view: ResponseView): void => applyEdits(response, view.headers);
    }
    return instance;
  },
});
