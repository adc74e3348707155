/**
 * The route table of the RPC fronts: a call names a service (with a version and a uniqueId/group,
 * either possibly empty) and a method. Routes are keyed `service`, `service:version` or
 * `service:version:uniqueId` (whatever the API declares), then by method. A lookup tries the most
 * specific key first: at most three map probes and one method probe, whatever the table's size.
 */
import { RouterCompileError } from './router-compile-error.js';

/** One API's RPC route as the config declares it. */
export interface RpcRouteInput<T> {
  readonly service: string;
  /** Absent: any version. */
  readonly version?: string;
  /** Absent: any uniqueId (SOFARPC) / group (Dubbo). */
  readonly uniqueId?: string;
  readonly method: string;
  readonly payload: T;
}

/** Outcome of {@link RpcRouteTable.match}; switch on `kind`. */
export type RpcRouteMatch<T> =
  | { readonly kind: 'found'; readonly payload: T }
  /** No API serves this service (result code 4011 NoSofaRpcServiceFound). */
  | { readonly kind: 'service-not-found' }
  /** The service is served but not this method (result code 4010 NoSofaRpcMethodFound). */
  | { readonly kind: 'method-not-found' };

const ANY = '\u0000';
const serviceNotFound = Object.freeze({ kind: 'service-not-found' as const });
const methodNotFound = Object.freeze({ kind: 'method-not-found' as const });

function routeKey(service: string, version: string, uniqueId: string): string {
  return `${service}\n${version}\n${uniqueId}`;
}

/** A compiled, immutable RPC route table. */
export class RpcRouteTable<T> {
  readonly #services = new Map<string, Map<string, { readonly kind: 'found'; readonly payload: T }>>();

  /** @throws RouterCompileError when two routes claim the same service, version, uniqueId and method */
  constructor(routes: readonly RpcRouteInput<T>[]) {
    const owner = new Map<string, number>();
    routes.forEach((route, index) => {
      const key = routeKey(route.service, route.version ?? ANY, route.uniqueId ?? ANY);
      let methods = this.#services.get(key);
      if (methods === undefined) this.#services.set(key, (methods = new Map()));
      const full = `${key}\n${route.method}`;
      const earlier = owner.get(full);
      if (earlier !== undefined) {
        throw new RouterCompileError('ROUTER_ROUTE_CONFLICT', `rpcRoutes[${index}]`, `conflicts with rpcRoutes[${earlier}]: both serve ${route.service} ${route.method}`, [earlier, index]);
      }
      owner.set(full, index);
      methods.set(route.method, Object.freeze({ kind: 'found' as const, payload: route.payload }));
    });
  }

  /** Number of distinct service keys (for tests and the admin view). */
  get serviceCount(): number {
    return this.#services.size;
  }

  /**
   * Routes one call. `version`/`uniqueId` are '' when the caller sent none. A route that names a
   * version wins over one that does not; likewise for uniqueId. Never throws.
   */
  match(service: string, version: string, uniqueId: string, method: string): RpcRouteMatch<T> {
    const services = this.#services;
    let serviceSeen = false;
    // Most specific first; four probes at most, no allocation beyond the keys.
    for (let probe = 0; probe < 4; probe++) {
      const methods = services.get(routeKey(service, probe < 2 ? version : ANY, probe % 2 === 0 ? uniqueId : ANY));
      if (methods === undefined) continue;
      serviceSeen = true;
      const found = methods.get(method);
      if (found !== undefined) return found;
    }
    return serviceSeen ? methodNotFound : serviceNotFound;
  }
}
