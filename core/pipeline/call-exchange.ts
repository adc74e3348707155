import type { Exchange, FrontProtocol, HeaderMap, RouteInfo } from '../../sdk/plugin/exchange.js';
import type { GantryError } from './gantry-error.js';
import type { CallTrace } from './call-trace.js';

const UNROUTED: RouteInfo = Object.freeze({ group: '-', api: '-' });

/** How the call ended, filled in along the way and read once by the recorder (digest + metrics). */
export interface CallOutcome {
  resultCode: number;
  status: number;
  /** Dotted detail of a failure, for the error log (e.g. `upstream.timeout`). */
  detail: string;
  /** `host:port` of the upstream endpoint that answered, '-' when none. */
  upstreamAddress: string;
  /** Back protocol name for the digest log (`Http`, `Mock`); '-' before routing. */
  backProtocol: string;
  /** Milliseconds from sending the (last) upstream attempt to its response head; -1 if none. */
  upstreamMs: number;
  requestBytes: number;
  responseBytes: number;
  /** Number of upstream attempts made (retries visible). */
  attempts: number;
}

/** The call an RPC front (Bolt or Dubbo) received, as decoded from the wire. */
export interface RpcFrontCall {
  readonly service: string;
  /** '' when the caller named none. */
  readonly version: string;
  /** SOFARPC uniqueId or Dubbo group; '' when none. */
  readonly uniqueId: string;
  readonly method: string;
  /** Java type names of the arguments, as the caller declared them. */
  readonly argTypes: readonly string[];
  /** The arguments as the codec decoded them. */
  readonly args: readonly unknown[];
  /** Set when the front could not read the call (3002, 3003, 4101): routing answers it, so it is logged like any call. */
  readonly refusal?: GantryError;
}

/** An RPC backend's result kept for an RPC front, so Java types survive the trip back. */
export interface RpcResultValue {
  readonly value: unknown;
}

/**
 * The gateway's own exchange object: the plugin-visible {@link Exchange} plus the outcome fields the
 * core fills in. One is created per call by a listener; it never outlives the call.
 */
export class CallExchange implements Exchange {
  method: string;
  path: string;
  query: string;
  readonly headers: HeaderMap;
  readonly originalPath: string;
  /** The method as the client sent it (digest field 1); `method` is what goes upstream. */
  readonly clientMethod: string;
  route: RouteInfo = UNROUTED;
  traceId = '';
  clientTraceId = '';
  body: Buffer | undefined = undefined;
  /** `name@version` of each gray-released plugin that served the call, space-separated (digest log). */
  pluginVersions: string | undefined = undefined;
  // `declare`: no initialiser runs, so HTTP calls pay nothing for the RPC fields.
  /** Set by the Bolt/Dubbo fronts only: the RPC call as received. */
  declare rpc?: RpcFrontCall;
  /** Set by an RPC invoker when `rpc` is set: the decoded result, delivered to the RPC caller as is. */
  declare rpcResult?: RpcResultValue;
  /** Set by the tracer when tracing is on (the call's spans); never written when it is off. */
  declare trace?: CallTrace;
  private attributeMap: Map<string, unknown> | undefined;
  readonly receivedAtMs: number;
  /** High-resolution start, for latency (performance.now() milliseconds). */
  readonly startedAt: number;
  readonly outcome: CallOutcome = {
    resultCode: 0,
    status: 0,
    detail: '',
    upstreamAddress: '-',
    backProtocol: '-',
    upstreamMs: -1,
    requestBytes: 0,
    responseBytes: 0,
    attempts: 0,
  };

  constructor(
    readonly protocol: FrontProtocol,
    method: string,
    path: string,
    query: string,
    headers: HeaderMap,
    readonly clientAddress: string,
    readonly clientPort: number,
    startedAt: number,
  ) {
    this.method = method;
    this.clientMethod = method;
    this.path = path;
    this.originalPath = path;
    this.query = query;
    this.headers = headers;
    this.startedAt = startedAt;
    this.receivedAtMs = Date.now();
  }

  /** Created on first use: most calls never touch attributes, so they cost nothing. */
  get attributes(): Map<string, unknown> {
    return (this.attributeMap ??= new Map());
  }
}
