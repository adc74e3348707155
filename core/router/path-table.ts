/**
 * One group's paths. Exact routes sit in a Map from path to slot; prefix routes in a trie with one
 * node per path segment (a Map of children per node), so a lookup costs one Map probe per request
 * segment however many APIs the group has.
 *
 * Precedence, first that accepts the method wins:
 *   1. the exact route for the path;
 *   2. the longest matching prefix route, then each shorter one up to `/`.
 * Walking back up the trie is what gives "exact GET /items + prefix POST /items: POST /items → the
 * prefix route" without a second lookup.
 *
 * Prefix matching is by whole segments: `/items` matches `/items`, `/items/` and `/items/42/x`, never
 * `/itemsx`. A trailing `/` on a configured prefix is therefore insignificant (`/static/` and
 * `/static` cover the same requests, and both match `/static`), so both are stored on one node and
 * two of them in a group conflict like any other duplicate. Exact paths compare as strings, so
 * exact `/items/` and exact `/items` are different routes.
 *
 * Request paths are compared as received (not percent-decoded, no dot-segment removal): the listener
 * decides normalisation once for the whole gateway. Anything from the first `?` is ignored.
 */
import { pickFromMethodSlot, createMethodSlot, type MethodSlot } from './method-slot.js';
import { RouterCompileError } from './router-compile-error.js';
import type { RouteType } from './types.js';

interface PrefixNode<R> {
  children: Map<string, PrefixNode<R>> | undefined;
  readonly parent: PrefixNode<R> | undefined;
  slot: MethodSlot<R> | undefined;
}

/** Exact map plus prefix trie for one group. */
export interface PathTable<R> {
  readonly exact: Map<string, MethodSlot<R>>;
  /** Node of prefix `/`. */
  readonly root: PrefixNode<R>;
}

/** Creates an empty table. */
export function createPathTable<R>(): PathTable<R> {
  return { exact: new Map(), root: { children: undefined, parent: undefined, slot: undefined } };
}

/**
 * Validates a configured path and returns its lookup key: the path itself for `exact`, the path
 * without its trailing `/` (except for `/`) for `prefix`.
 * @throws RouterCompileError `ROUTER_INVALID_PATH` naming `field`
 */
export function routePathKey(path: unknown, type: RouteType, field: string, routeIndex: number): string {
  const refuse = (detail: string): RouterCompileError =>
    new RouterCompileError('ROUTER_INVALID_PATH', field, detail, [routeIndex]);
  if (typeof path !== 'string') throw refuse('must be a string');
  if (path.charCodeAt(0) !== 0x2f) throw refuse(`"${path}" must start with "/"`);
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    // `?` and `#` never reach the router as part of a path, so a route holding one could not match.
    if (c <= 0x20 || c === 0x7f || c === 0x3f || c === 0x23) {
      throw refuse(`"${path}" has a character a request path cannot have at offset ${i}`);
    }
  }
  // An empty segment is nearly always a typo and, for prefixes, would make `/a//` mean something odd.
  if (path.includes('//')) throw refuse(`"${path}" has an empty segment ("//")`);
  return type === 'prefix' && path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The slot for `key` (from {@link routePathKey}), created on first use. Compile time. */
export function methodSlotForPath<R>(table: PathTable<R>, type: RouteType, key: string): MethodSlot<R> {
  if (type === 'exact') {
    let slot = table.exact.get(key);
    if (slot === undefined) {
      slot = createMethodSlot<R>();
      table.exact.set(key, slot);
    }
    return slot;
  }
  let node = table.root;
  if (key !== '/') {
    for (const segment of key.slice(1).split('/')) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { children: undefined, parent: node, slot: undefined };
        node.children.set(segment, child);
      }
      node = child;
    }
  }
  node.slot ??= createMethodSlot<R>();
  return node.slot;
}

/**
 * The route for `method` and `path` by the precedence above, or `undefined`. Hot path: no regex, no
 * scan over routes; allocates only the segment substrings it probes. Never throws.
 */
export function matchPath<R>(table: PathTable<R>, method: string, path: string): R | undefined {
  if (path.charCodeAt(0) !== 0x2f /* / */) return undefined;
  const query = path.indexOf('?');
  const target = query === -1 ? path : path.slice(0, query);

  if (table.exact.size !== 0) {
    const slot = table.exact.get(target);
    if (slot !== undefined) {
      const found = pickFromMethodSlot(slot, method);
      if (found !== undefined) return found;
    }
  }

  // Descend to the deepest node on the path; nodes without a slot are only waypoints.
  let node = table.root;
  let start = 1;
  while (node.children !== undefined) {
    let end = target.indexOf('/', start);
    if (end === -1) end = target.length;
    const child = node.children.get(target.slice(start, end));
    if (child === undefined) break;
    node = child;
    if (end === target.length) break;
    start = end + 1;
  }

  for (let at: PrefixNode<R> | undefined = node; at !== undefined; at = at.parent) {
    if (at.slot !== undefined) {
      const found = pickFromMethodSlot(at.slot, method);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
