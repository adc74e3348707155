import type { Exchange, FrontProtocol, HeaderMap, RouteInfo } from '../../sdk/plugin/exchange.js';

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
  /** Milliseconds from the start of the call to the upstream's response head; -1 if none. */
  upstreamMs: number;
  requestBytes: number;
  responseBytes: number;
  /** Number of upstream attempts made (retries visible). */
  attempts: number;
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
