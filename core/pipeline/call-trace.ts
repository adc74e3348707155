import type { CallExchange } from './call-exchange.js';

/**
 * The tracing of one call, as the pipeline and the invokers see it. Set on
 * `CallExchange.trace` only when tracing is on; with tracing off the field is never written, so
 * each hook point costs one `undefined` check and nothing else.
 *
 * Implemented by `core/observe/tracing`: the pipeline never imports the OpenTelemetry SDK.
 */
export interface CallTrace {
  /** True when the call is sampled: only then are attempt and plugin spans recorded. */
  readonly sampled: boolean;
  /**
   * Starts the client span of one upstream attempt (`attempt` counts from 1); undefined when the
   * call is not sampled. End it with {@link AttemptTrace.ended}.
   */
  startAttempt(method: string, address: string, attempt: number): AttemptTrace | undefined;
  /** The same for one attempt of an RPC call (`system`: `sofarpc` or `dubbo`). */
  startRpcAttempt(system: string, service: string, method: string, address: string, attempt: number): AttemptTrace | undefined;
  /**
   * Writes the propagation entries (W3C / B3, as configured) into the upstream request's headers
   * (HTTP), Bolt request properties or Dubbo attachments, replacing any the caller sent: the
   * attempt's span is the parent the upstream sees, or the call's own span when no attempt span
   * was recorded.
   */
  inject(carrier: Record<string, unknown>, attempt: AttemptTrace | undefined): void;
  /** Starts the span of one plugin hook; undefined when the call is not sampled. */
  startPlugin(plugin: string, phase: string): PluginTrace | undefined;
  /** Ends the call's server span from the exchange's outcome. Called once, before the recorder. */
  end(exchange: CallExchange): void;
}

/** The client span of one upstream attempt. */
export interface AttemptTrace {
  /** The attempt's final response head arrived with this status. */
  responded(status: number): void;
  /** The attempt is over: `error` when it failed (before or after its head), else undefined. */
  ended(error: Error | undefined): void;
}

/** The span of one plugin hook. */
export interface PluginTrace {
  /** The hook returned or settled; `error` when it threw or rejected. */
  ended(error: unknown): void;
}

/** Starts the tracing of a call: extracts the client's context, starts the server span, sets `exchange.trace` and `exchange.traceId`. */
export interface CallTracer {
  startCall(exchange: CallExchange): void;
}
