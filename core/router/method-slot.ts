/**
 * Methods. HTTP method names are case-sensitive (RFC 9110 §9.1), so a request's method is compared
 * as sent; configs are written upper-case, and `compileRouter` upper-cases them so that a `get` typed
 * in a config still means GET. A route without `methods` accepts any method.
 *
 * All routes of one group that share type and path live in one `MethodSlot`: a Map from method to
 * route, or a single any-method route. Because overlapping method sets are refused at compile time,
 * at most one route of a slot accepts a given method, and the hot path is one Map lookup.
 */
import { RouterCompileError } from './router-compile-error.js';

/** Routes of one group sharing type and path. `R` is the preallocated match result. */
export interface MethodSlot<R> {
  /** The any-method route; when set, `byMethod` is empty. */
  any: R | undefined;
  readonly byMethod: Map<string, R>;
  /** Compile-time only: route index per claimed method (and the any-method route), to name both in a conflict. */
  readonly owners: Map<string, number>;
}

// RFC 9110 token characters.
const methodToken = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Owner key for the any-method route; a space can never be part of a method token.
const anyMethod = ' any';

/** Creates an empty slot. */
export function createMethodSlot<R>(): MethodSlot<R> {
  return { any: undefined, byMethod: new Map(), owners: new Map() };
}

/**
 * Validates a route's `methods` and returns them upper-cased, de-duplicated and sorted, or `null`
 * for any method.
 * @throws RouterCompileError `ROUTER_INVALID_METHOD` naming `field[i]`
 */
export function normalizeMethods(methods: unknown, field: string, routeIndex: number): readonly string[] | null {
  if (methods === undefined || methods === null) return null;
  if (!Array.isArray(methods)) {
    throw new RouterCompileError('ROUTER_INVALID_METHOD', field, 'must be an array of method names', [routeIndex]);
  }
  if (methods.length === 0) {
    // An empty list would make the route unreachable; omitting `methods` is how to say "any".
    throw new RouterCompileError('ROUTER_INVALID_METHOD', field, 'must not be empty (omit it to accept any method)', [routeIndex]);
  }
  const names = new Set<string>();
  methods.forEach((method: unknown, i) => {
    if (typeof method !== 'string' || !methodToken.test(method)) {
      throw new RouterCompileError('ROUTER_INVALID_METHOD', `${field}[${i}]`, `${JSON.stringify(method)} is not an HTTP method`, [routeIndex]);
    }
    names.add(method.toUpperCase());
  });
  return [...names].sort();
}

/**
 * Adds a route to a slot.
 * @returns the index of an earlier route in the slot that accepts one of the same methods, or -1
 *   when the route was added
 */
export function addToMethodSlot<R>(slot: MethodSlot<R>, methods: readonly string[] | null, result: R, routeIndex: number): number {
  const anyOwner = slot.owners.get(anyMethod);
  if (anyOwner !== undefined) return anyOwner;
  if (methods === null) {
    const first = slot.owners.values().next();
    if (first.done !== true) return first.value;
    slot.any = result;
    slot.owners.set(anyMethod, routeIndex);
    return -1;
  }
  for (const method of methods) {
    const owner = slot.owners.get(method);
    if (owner !== undefined) return owner;
  }
  for (const method of methods) {
    slot.byMethod.set(method, result);
    slot.owners.set(method, routeIndex);
  }
  return -1;
}

/** The slot's route accepting `method`, if any. Hot path. */
export function pickFromMethodSlot<R>(slot: MethodSlot<R>, method: string): R | undefined {
  return slot.any ?? slot.byMethod.get(method);
}
