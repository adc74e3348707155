import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import type { AttemptTrace } from '../../pipeline/call-trace.js';
import { gantryError, isGantryError, type GantryError } from '../../pipeline/gantry-error.js';
import { isBreakerNeutral } from '../endpoint-breaker.js';
import type { UpstreamSink } from '../invoker.js';
import { endpointAdmits, type HttpCluster } from './http-cluster.js';
import type { HttpEndpoint } from './http-endpoint.js';
import type { HttpBackendSpec } from './http-backend-spec.js';
import { UpstreamAttempt, type AttemptListener } from './upstream-attempt.js';
import { buildUpstreamHeaders } from './upstream-headers.js';
import { errorCodeOf, isUpstreamTimeout, upstreamFailure, wasNeverSent } from './upstream-error.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * One call to a cluster: picks endpoints, runs attempts, decides retries, and settles the
 * invoker's promise once. Driven by the attempts' callbacks rather than by awaiting them, so a call
 * costs one promise however its attempts go.
 *
 * Retry table (each retry prefers an endpoint this call has not tried):
 * | failure before the response head          | retried when                          |
 * |-------------------------------------------|---------------------------------------|
 * | never sent (refused, DNS, breaker open)   | always, if the body can be replayed   |
 * | reset / closed after sending              | idempotent method and no request body |
 * | timeout                                   | never (the API's budget is spent)     |
 * After the head has been written nothing is retried: the client already has part of the answer.
 */
export class HttpCall implements AttemptListener {
  private tried: Set<HttpEndpoint> | undefined;
  private attempts = 0;
  /** When the current attempt was sent (performance.now()): upstream latency is per attempt. */
  private attemptStartedAt = 0;
  /** The current attempt's client span; only ever set when tracing is on and the call sampled. */
  private attemptTrace: AttemptTrace | undefined;
  private readonly replayable: boolean;

  constructor(
    private readonly cluster: HttpCluster,
    private readonly spec: HttpBackendSpec,
    private readonly exchange: CallExchange,
    private readonly payload: Buffer | Readable | null,
    private readonly sink: UpstreamSink,
    private readonly resolve: () => void,
    private readonly reject: (error: GantryError) => void,
  ) {
    this.replayable = payload === null || Buffer.isBuffer(payload);
  }

  /** Starts the next attempt on an endpoint whose breaker admits calls. */
  next(): void {
    const endpoint = this.cluster.balancer.pick(endpointAdmits, this.tried);
    if (endpoint === undefined) {
      this.reject(gantryError('UnknownProxyError', { detail: 'upstream.all-breakers-open', tips: `every endpoint of cluster ${this.cluster.name} has an open circuit breaker` }));
      return;
    }
    const outcome = this.exchange.outcome;
    outcome.attempts = ++this.attempts;
    outcome.upstreamAddress = endpoint.address;
    if (!endpoint.breaker.tryAcquire()) {
      // Lost the race for the half-open trial: no dispatch, and nothing for the breaker to count.
      this.retryOrFail(endpoint, Object.assign(new Error(`circuit breaker of ${endpoint.address} is open`), { code: 'EOPENBREAKER' }));
      return;
    }
    const trace = this.exchange.trace;
    if (trace !== undefined) this.attemptTrace = trace.startAttempt(this.exchange.method, endpoint.address, this.attempts);
    this.attemptStartedAt = performance.now();
    new UpstreamAttempt(this, endpoint, this.sink, this.spec.timeoutMs).dispatch(this.dispatchOptions(endpoint));
  }

  headArrived(status: number): void {
    this.exchange.outcome.upstreamMs = performance.now() - this.attemptStartedAt;
    if (this.attemptTrace !== undefined) this.attemptTrace.responded(status);
  }

  headDelivered(attempt: UpstreamAttempt): void {
    attempt.endpoint.breaker.recordSuccess();
  }

  headFailed(attempt: UpstreamAttempt, error: Error): void {
    // Plugin failures (GantryErrors) and client aborts say nothing about the endpoint's health.
    const breaker = attempt.endpoint.breaker;
    if (isGantryError(error) || isBreakerNeutral(error)) breaker.recordNeutral();
    else breaker.recordFailure();
    if (this.attemptTrace !== undefined) this.endAttemptTrace(error);
    this.retryOrFail(attempt.endpoint, error);
  }

  bodyEnded(): void {
    if (this.attemptTrace !== undefined) this.endAttemptTrace(undefined);
    this.resolve();
  }

  bodyFailed(attempt: UpstreamAttempt, error: Error): void {
    if (this.attemptTrace !== undefined) this.endAttemptTrace(error);
    this.reject(upstreamFailure(error, attempt.endpoint.address));
  }

  private endAttemptTrace(error: Error | undefined): void {
    (this.attemptTrace as AttemptTrace).ended(error);
    this.attemptTrace = undefined;
  }

  private retryOrFail(endpoint: HttpEndpoint, error: Error): void {
    if (this.attempts > this.spec.retries || !this.mayRetry(error)) {
      this.reject(upstreamFailure(error, endpoint.address));
      return;
    }
    (this.tried ??= new Set()).add(endpoint);
    this.next();
  }

  private mayRetry(error: Error): boolean {
    // A GantryError here comes from a response-phase plugin, not the upstream: never retried.
    if (isGantryError(error)) return false;
    if (wasNeverSent(error)) return this.replayable || !(this.payload as Readable).readableDidRead;
    if (!this.replayable) return false;
    if (isUpstreamTimeout(error) || errorCodeOf(error) === 'GANTRY_CLIENT_GONE') return false;
    return IDEMPOTENT.has(this.exchange.method);
  }

  private dispatchOptions(endpoint: HttpEndpoint): Dispatcher.DispatchOptions {
    const exchange = this.exchange;
    const path = endpoint.basePath + exchange.path;
    const headers = buildUpstreamHeaders(exchange, this.spec.preserveHost, this.payload);
    // The upstream's parent is this attempt's client span (the call's span when not sampled).
    if (exchange.trace !== undefined) exchange.trace.inject(headers, this.attemptTrace);
    return {
      method: exchange.method,
      path: exchange.query === '' ? path : `${path}?${exchange.query}`,
      headers,
      body: this.payload,
      headersTimeout: this.spec.timeoutMs,
      bodyTimeout: this.spec.timeoutMs,
    };
  }
}
