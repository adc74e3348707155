/**
 * Routing of a call that arrived on an RPC front (Bolt or Dubbo): by service (+ version/uniqueId)
 * and method in the snapshot's RPC route table, instead of by host and path.
 *
 * | lookup                                   | answer                          |
 * |------------------------------------------|---------------------------------|
 * | the front could not read the call        | its refusal (3002, 3003, 4101)  |
 * | no API serves the service                | 4011 NoSofaRpcServiceFound      |
 * | the service is served, not the method    | 4010 NoSofaRpcMethodFound       |
 * | found                                    | the API; an HTTP backend's      |
 * |                                          | request is built from the args  |
 */
import type { CallExchange } from './call-exchange.js';
import { gantryError } from './gantry-error.js';
import type { RoutedApi, ServingSnapshot } from './serving-snapshot.js';

/** An API reached by an RPC front call. */
export interface RpcRoutedApi extends RoutedApi {
  /** Turns the front call into what the backend needs (an HTTP request for `http` backends). */
  prepareRpcCall(exchange: CallExchange): void;
}

/** Routes `exchange` (whose `rpc` is set). @throws GantryError 4010/4011 */
export function routeRpcCall(snapshot: ServingSnapshot, exchange: CallExchange): RoutedApi {
  const call = exchange.rpc;
  if (call?.refusal !== undefined) throw call.refusal;
  const table = snapshot.rpcRoutes;
  const service = call?.service ?? '';
  const method = call?.method ?? '';
  const match = table === undefined || call === undefined ? undefined : table.match(call.service, call.version, call.uniqueId, call.method);
  if (match === undefined || match.kind === 'service-not-found') {
    throw gantryError('NoSofaRpcServiceFound', { detail: 'route.rpc-service-not-found', tips: `no API serves ${service}${call?.version ? `:${call.version}` : ''}${call?.uniqueId ? `:${call.uniqueId}` : ''}` });
  }
  if (match.kind === 'method-not-found') {
    throw gantryError('NoSofaRpcMethodFound', { detail: 'route.rpc-method-not-found', tips: `no API serves method ${method} of ${service}` });
  }
  const api = match.payload;
  exchange.route = api.route;
  exchange.outcome.backProtocol = api.invoker.protocolName;
  api.prepareRpcCall(exchange);
  return api;
}
