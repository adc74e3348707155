import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { gantryError, isGantryError } from '../../pipeline/gantry-error.js';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import { isBreakerNeutral } from '../endpoint-breaker.js';
import type { Invoker, RequestBody, UpstreamSink } from '../invoker.js';
import { endpointAdmits, type HttpCluster } from './http-cluster.js';
import type { HttpEndpoint } from './http-endpoint.js';
import { buildUpstreamHeaders } from './upstream-headers.js';
import { UpstreamAttempt } from './upstream-attempt.js';
import { errorCodeOf, isUpstreamTimeout, upstreamFailure, wasNeverSent } from './upstream-error.js';

/** Per-API settings of an HTTP backend (validated and defaulted by the config layer). */
export interface HttpBackendSpec {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly preserveHost: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * Forwards a call to one endpoint of a cluster, streaming both bodies.
 *
 * Retry table (each retry prefers an endpoint this call has not tried):
 * | failure before the response head          | retried when                          |
 * |-------------------------------------------|---------------------------------------|
 * | never sent (refused, DNS, breaker open)   | always, if the body can be replayed   |
 * | reset / closed after sending              | idempotent method and no request body |
 * | timeout                                   | never (the API's budget is spent)     |
 * After the head has been written nothing is retried: the client already has part of the answer.
 */
export class HttpInvoker implements Invoker {
  readonly protocolName = 'Http';

  constructor(private readonly cluster: HttpCluster, private readonly spec: HttpBackendSpec) {}

  async invoke(exchange: CallExchange, body: RequestBody, sink: UpstreamSink): Promise<void> {
    if (this.cluster.endpoints.length === 0) {
      throw gantryError('NoProxyServiceFound', { detail: 'upstream.no-endpoint', tips: `cluster ${this.cluster.name} has no endpoint` });
    }
    const payload = requestPayload(exchange, body);
    const replayable = payload === null || Buffer.isBuffer(payload);
    let tried: Set<HttpEndpoint> | undefined;
    for (let attempt = 0; ; attempt++) {
      const endpoint = this.cluster.balancer.pick(endpointAdmits, tried);
      if (endpoint === undefined) {
        throw gantryError('UnknownProxyError', { detail: 'upstream.all-breakers-open', tips: `every endpoint of cluster ${this.cluster.name} has an open circuit breaker` });
      }
      exchange.outcome.attempts = attempt + 1;
      exchange.outcome.upstreamAddress = endpoint.address;
      const upstream = new UpstreamAttempt(sink, () => {
        exchange.outcome.upstreamMs = performance.now() - exchange.startedAt;
      }, this.spec.timeoutMs);
      const options = this.dispatchOptions(exchange, endpoint, payload);
      const breaker = endpoint.breaker;
      try {
        if (!breaker.tryAcquire()) throw Object.assign(new Error(`circuit breaker of ${endpoint.address} is open`), { code: 'EOPENBREAKER' });
        await upstream.start(endpoint.pool, options);
        breaker.recordSuccess();
      } catch (error) {
        // Plugin failures (GantryErrors) and client aborts say nothing about the endpoint's health.
        if (errorCodeOf(error) !== 'EOPENBREAKER') {
          if (isGantryError(error) || isBreakerNeutral(error)) breaker.recordNeutral();
          else breaker.recordFailure();
        }
        const retryable = attempt < this.spec.retries && this.mayRetry(error, exchange.method, payload, replayable);
        if (!retryable) throw upstreamFailure(error, endpoint.address);
        (tried ??= new Set()).add(endpoint);
        continue;
      }
      try {
        await upstream.whenDone();
      } catch (error) {
        throw upstreamFailure(error, endpoint.address);
      }
      return;
    }
  }

  private mayRetry(error: unknown, method: string, payload: Buffer | Readable | null, replayable: boolean): boolean {
    // A GantryError here comes from a response-phase plugin, not the upstream: never retried.
    if (isGantryError(error)) return false;
    if (wasNeverSent(error)) return replayable || !(payload as Readable).readableDidRead;
    if (!replayable) return false;
    if (isUpstreamTimeout(error) || errorCodeOf(error) === 'GANTRY_CLIENT_GONE') return false;
    return IDEMPOTENT.has(method);
  }

  private dispatchOptions(exchange: CallExchange, endpoint: HttpEndpoint, payload: Buffer | Readable | null): Dispatcher.DispatchOptions {
    const path = endpoint.basePath + exchange.path;
    return {
      method: exchange.method,
      path: exchange.query === '' ? path : `${path}?${exchange.query}`,
      headers: buildUpstreamHeaders(exchange, this.spec.preserveHost, payload),
      body: payload,
      headersTimeout: this.spec.timeoutMs,
      bodyTimeout: this.spec.timeoutMs,
    };
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

