/**
 * Compiles groups and routes into a {@link Router}: built once per config snapshot, off the hot path,
 * and queried once per request. Pure: no I/O, nothing imported from other gateway folders.
 *
 * Rules (each file holds the details and the reasons):
 * - Group (group-table.ts): a non-empty `x-gateway-group` header names the group directly; an
 *   unknown name is group-not-found, with no fallback to Host. Otherwise the Host, lower-cased and
 *   without `:port` (`[::1]:8080` → `::1`) and trailing dot: exact host first, then the most
 *   specific wildcard, found by stripping one leftmost label at a time (`a.b.shop.test` tries
 *   `*.b.shop.test`, `*.shop.test`, `*.test`); `*.shop.test` matches any depth below `shop.test`,
 *   not `shop.test` itself. Otherwise the `default: true` group. Otherwise group-not-found.
 * - Path (path-table.ts): the exact route first, then prefix routes longest first. Prefixes match
 *   whole segments: `/items` matches `/items`, `/items/`, `/items/42/x`, not `/itemsx`; `/static/`
 *   matches everything beneath it and `/static`; `/` matches everything. A path that does not start
 *   with `/` (or is empty) matches nothing.
 * - Method (method-slot.ts): no `methods` means any method; config methods are upper-cased at
 *   compile time; request methods compare case-sensitively. When the most specific path's route
 *   does not accept the method, the next candidate is tried (exact → longest prefix → shorter
 *   prefixes) before route-not-found.
 * - Refused at compile time with a {@link RouterCompileError} naming the field and route indexes:
 *   two routes of one group with the same type and path (a prefix's trailing `/` ignored) whose
 *   method sets overlap (any-method overlaps everything); a route naming an unknown group; a bad
 *   type, path or method; an invalid host pattern (`a.*.com`, `*`, empty, with a port); a host
 *   listed by two groups; a duplicate group name; a second default group.
 * - `match` never throws and allocates nothing but the substrings it probes: every result object
 *   is built here, once, and shared (frozen) by all matches.
 */
import { compileGroupTable, selectGroup, type GroupTable } from './group-table.js';
import { addToMethodSlot, normalizeMethods } from './method-slot.js';
import { createPathTable, matchPath, methodSlotForPath, routePathKey, type PathTable } from './path-table.js';
import { RouterCompileError } from './router-compile-error.js';
import type {
  GroupInput,
  GroupNotFound,
  RouteDescription,
  RouteFound,
  RouteInput,
  RouteMatch,
  RouteNotFound,
  Router,
  RouterDescription,
} from './types.js';

interface CompiledGroup<T> {
  readonly name: string;
  readonly isDefault: boolean;
  readonly index: number;
  readonly paths: PathTable<RouteFound<T>>;
  readonly routeNotFound: RouteNotFound;
  readonly routes: RouteDescription<T>[];
}

const groupNotFound: GroupNotFound = Object.freeze({ kind: 'group-not-found' });

/**
 * Builds the route table for one config snapshot. Inputs are read, never changed.
 * @throws RouterCompileError for any of the refusals listed in this file's header
 */
export function compileRouter<T>(groups: readonly GroupInput[], routes: readonly RouteInput<T>[]): Router<T> {
  const compiledGroups: CompiledGroup<T>[] = [];
  const table = compileGroupTable(groups, (input, index): CompiledGroup<T> => {
    const group: CompiledGroup<T> = {
      name: input.name,
      isDefault: input.default === true,
      index,
      paths: createPathTable(),
      routeNotFound: Object.freeze({ kind: 'route-not-found', groupName: input.name }),
      routes: [],
    };
    compiledGroups.push(group);
    return group;
  });
  routes.forEach((route, index) => addRoute(table, route, index));
  return new CompiledRouter(table, compiledGroups);
}

function addRoute<T>(table: GroupTable<CompiledGroup<T>>, route: RouteInput<T>, index: number): void {
  const field = `routes[${index}]`;
  const group = table.byName.get(route.group);
  if (group === undefined) {
    throw new RouterCompileError('ROUTER_UNKNOWN_GROUP', `${field}.group`, `group "${String(route.group)}" is not declared`, [index]);
  }
  if (route.type !== 'exact' && route.type !== 'prefix') {
    throw new RouterCompileError('ROUTER_INVALID_TYPE', `${field}.type`, `${JSON.stringify(route.type)} is not "exact" or "prefix"`, [index]);
  }
  const key = routePathKey(route.path, route.type, `${field}.path`, index);
  const methods = normalizeMethods(route.methods, `${field}.methods`, index);
  const found: RouteFound<T> = Object.freeze({
    kind: 'found',
    payload: route.payload,
    matchedPath: route.path,
    groupName: group.name,
  });
  const slot = methodSlotForPath(group.paths, route.type, key);
  const earlier = addToMethodSlot(slot, methods, found, index);
  if (earlier !== -1) {
    const accepts = methods === null ? 'any method' : methods.join(', ');
    throw new RouterCompileError(
      'ROUTER_ROUTE_CONFLICT',
      field,
      `conflicts with routes[${earlier}]: both are ${route.type} "${key}" in group "${group.name}" ` +
        `and accept a common method (this one accepts ${accepts})`,
      [earlier, index],
    );
  }
  group.routes.push(Object.freeze({ index, path: route.path, type: route.type, methods, payload: route.payload }));
}

class CompiledRouter<T> implements Router<T> {
  readonly #table: GroupTable<CompiledGroup<T>>;
  readonly #groups: readonly CompiledGroup<T>[];

  constructor(table: GroupTable<CompiledGroup<T>>, groups: readonly CompiledGroup<T>[]) {
    this.#table = table;
    this.#groups = groups;
  }

  match(host: string | undefined, groupHeader: string | undefined, method: string, path: string): RouteMatch<T> {
    // typeof guards keep the promise "never throws" for untyped JS callers too.
    const group = selectGroup(
      this.#table,
      typeof host === 'string' ? host : undefined,
      typeof groupHeader === 'string' ? groupHeader : undefined,
    );
    if (group === undefined) return groupNotFound;
    if (typeof path !== 'string') return group.routeNotFound;
    return matchPath(group.paths, method, path) ?? group.routeNotFound;
  }

  describe(): RouterDescription<T> {
    return {
      groups: this.#groups.map((group) => ({
        name: group.name,
        hosts: [...(this.#table.hostsByGroup[group.index] ?? [])],
        default: group.isDefault,
        routes: group.routes.map((route) => ({ ...route, methods: route.methods === null ? null : [...route.methods] })),
      })),
    };
  }
}
