import type { Readable } from 'node:stream';
import { gantryError, isGantryError } from '../../pipeline/gantry-error.js';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import type { Invoker, RequestBody, UpstreamSink } from '../invoker.js';
import type { HttpBackendSpec } from './http-backend-spec.js';
import { HttpCall } from './http-call.js';
import type { HttpCluster } from './http-cluster.js';

export type { HttpBackendSpec } from './http-backend-spec.js';

/** Forwards a call to one endpoint of a cluster, streaming both bodies (retries: see HttpCall). */
export class HttpInvoker implements Invoker {
  readonly protocolName = 'Http';

  constructor(private readonly cluster: HttpCluster, private readonly spec: HttpBackendSpec) {}

  invoke(exchange: CallExchange, body: RequestBody, sink: UpstreamSink): Promise<void> {
    const cluster = this.cluster;
    if (cluster.endpoints.length === 0) {
      return Promise.reject(gantryError('NoProxyServiceFound', { detail: 'upstream.no-endpoint', tips: `cluster ${cluster.name} has no endpoint` }));
    }
    // A throw inside the executor (e.g. from the body stream) becomes the rejection.
    return new Promise<void>((resolve, reject) => {
      new HttpCall(cluster, this.spec, exchange, requestPayload(exchange, body), sink, resolve, reject).next();
    });
  }
}

/** A plugin-buffered (maybe edited) body wins; else the client's stream; else nothing. */
function requestPayload(exchange: CallExchange, body: RequestBody): Buffer | Readable | null {
  if (exchange.body !== undefined) return exchange.body;
  const stream = body.declaredLength === 0 ? null : body.stream();
  return stream === null ? null : withClientFailuresNeutral(stream);
}

/**
 * The client's request stream goes to undici as is (no copy): undici detaches an IncomingMessage
 * from its socket before destroying it after a failed attempt, so the client's connection survives
 * to receive the 502. An error of the client's own stream (it went away mid-upload) is marked so it
 * never counts against the endpoint's breaker; the listener runs before undici's, on the same object.
 */
function withClientFailuresNeutral(source: Readable): Readable {
  source.once('error', (error: Error) => {
    if (!isGantryError(error)) Object.assign(error, { breakerNeutral: true });
  });
  return source;
}
