/**
 * Public types of the compiled route table. The router is generic over the payload `T` that the
 * snapshot compiler attaches to each API (its compiled filter chain, invoker, ids...), so this folder
 * never needs to know what an API is.
 */

/** One API group as the config declares it. */
export interface GroupInput {
  /** Group identifier; globally unique, compared case-sensitively (it is an id, not a host). */
  readonly name: string;
  /** Host names (`shop.test`) or leftmost-label wildcards (`*.shop.test`) that select this group. */
  readonly hosts: readonly string[];
  /** The group used when neither the group header nor the Host selects one. At most one group. */
  readonly default?: boolean;
}

/** How a configured path is compared with the request path. */
export type RouteType = 'exact' | 'prefix';

/** One API's route as the config declares it. */
export interface RouteInput<T> {
  /** Name of the group the API belongs to. */
  readonly group: string;
  /** Configured path; starts with `/`. For `prefix`, a trailing `/` is insignificant. */
  readonly path: string;
  readonly type: RouteType;
  /** Accepted HTTP methods; absent means any method. Upper-cased at compile time. */
  readonly methods?: readonly string[];
  /** Handed back unchanged on a match. */
  readonly payload: T;
}

/** A route matched. The object is shared by every match of that route: treat it as read-only. */
export interface RouteFound<T> {
  readonly kind: 'found';
  readonly payload: T;
  /** The configured path that matched, exactly as written in the config. */
  readonly matchedPath: string;
  readonly groupName: string;
}

/** No group was selected (result code 3001). */
export interface GroupNotFound {
  readonly kind: 'group-not-found';
}

/** A group was selected but none of its routes accepts the path and method (result code 3000). */
export interface RouteNotFound {
  readonly kind: 'route-not-found';
  readonly groupName: string;
}

/** Outcome of {@link Router.match}; switch on `kind`. */
export type RouteMatch<T> = RouteFound<T> | GroupNotFound | RouteNotFound;

/** One route in {@link RouterDescription}, for the admin config query. */
export interface RouteDescription<T> {
  /** Index of the route in the `routes` array given to `compileRouter`. */
  readonly index: number;
  readonly path: string;
  readonly type: RouteType;
  /** Upper-cased, sorted; `null` when the route accepts any method. */
  readonly methods: readonly string[] | null;
  readonly payload: T;
}

/** One group in {@link RouterDescription}. */
export interface GroupDescription<T> {
  readonly name: string;
  /** Lower-cased host patterns as compiled. */
  readonly hosts: readonly string[];
  readonly default: boolean;
  /** Routes in config order. */
  readonly routes: readonly RouteDescription<T>[];
}

/** What a compiled router holds, in config order. */
export interface RouterDescription<T> {
  readonly groups: readonly GroupDescription<T>[];
}

/** A compiled, immutable route table. */
export interface Router<T> {
  /**
   * Routes one request. Never throws; allocates nothing beyond the substrings it looks up.
   * @param host value of the Host header (or `:authority`), may carry a port; `undefined` if absent
   * @param groupHeader value of the `x-gateway-group` header; `undefined` or `''` when absent
   * @param method request method, compared case-sensitively with the upper-cased config methods
   * @param path request path as received (not decoded); anything from the first `?` is ignored
   */
  match(
    host: string | undefined,
    groupHeader: string | undefined,
    method: string,
    path: string,
  ): RouteMatch<T>;
  /** Lists groups and their routes; builds fresh arrays on every call (off the hot path). */
  describe(): RouterDescription<T>;
}
