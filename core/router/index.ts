/**
 * Public face of the route table: compile once per config snapshot with `compileRouter`, then call
 * `router.match(host, groupHeader, method, path)` per request. The rules are listed in
 * compile-router.ts. RPC front calls use `RpcRouteTable` (rpc-table.ts): service[:version[:uniqueId]]
 * and method, a few map probes per call.
 */
export { compileRouter } from './compile-router.js';
export { RouterCompileError, isRouterCompileError, type RouterCompileErrorCode } from './router-compile-error.js';
export type {
  GroupDescription,
  GroupInput,
  GroupNotFound,
  RouteDescription,
  RouteFound,
  RouteInput,
  RouteMatch,
  RouteNotFound,
  Router,
  RouterDescription,
  RouteType,
} from './types.js';
export { RpcRouteTable, type RpcRouteInput, type RpcRouteMatch } from './rpc-table.js';
