/**
 * The exchange as plugins see it. It is deliberately a plain, serialisable view (strings, a header
 * map, an optional Buffer) so that WASM filters can receive the same thing encoded, and so a test
 * harness can build one without a gateway.
 */

/** Header map with lower-case names, as Node delivers them; a repeated header is an array. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** The front protocol the call arrived on. */
export type FrontProtocol = 'http' | 'bolt' | 'dubbo';

/** Where the call was routed; set before any plugin runs. */
export interface RouteInfo {
  readonly group: string;
  readonly api: string;
}

/** One call passing the gateway, as the filter chain sees and edits it. */
export interface Exchange {
  readonly protocol: FrontProtocol;
  /** Method sent upstream; starts as the client's (or the API's override). */
  method: string;
  /** Path sent upstream: starts as the client's path with the matched prefix rewritten. */
  path: string;
  /** Raw query string without the leading `?`, '' when absent; sent upstream as is. */
  query: string;
  /** Request headers sent upstream (hop-by-hop ones are stripped later by the invoker). */
  readonly headers: HeaderMap;
  /** The path exactly as the client sent it (after dot-segment normalisation). */
  readonly originalPath: string;
  readonly route: RouteInfo;
  readonly clientAddress: string;
  readonly clientPort: number;
  /** Trace id for logs, error bodies and propagation; plugins (request-id) may set it. */
  traceId: string;
  /** The trace id the client sent, if any ('' otherwise); recorded separately in the digest log. */
  clientTraceId: string;
  /** Request body, present only when the plugin definition asked for it (`requestBody: true`). */
  body: Buffer | undefined;
  /** Per-call scratch space shared by the plugins of this call. */
  readonly attributes: Map<string, unknown>;
  /** Epoch milliseconds when the gateway received the call. */
  readonly receivedAtMs: number;
}

/** The upstream (or mock) response head, editable in the response phase before it is written. */
export interface ResponseView {
  status: number;
  readonly headers: HeaderMap;
}
