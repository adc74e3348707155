import { SpanKind, SpanStatusCode, trace, ROOT_CONTEXT, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import type { AttemptTrace, CallTrace, PluginTrace } from '../../pipeline/call-trace.js';
import { isGantryError } from '../../pipeline/gantry-error.js';
import { errorCodeOf } from '../../invoke/http/upstream-error.js';
import { isFailedCall, serverSpanAttributes, serverSpanName, splitAddress } from './span-attributes.js';
import type { OutgoingHeaders, TracePropagation } from './trace-propagation.js';

/** `error.type` of a failure: its code (`ECONNREFUSED`, `UND_ERR_SOCKET`, a result code) or its class name. */
function errorType(error: unknown): string {
  if (isGantryError(error)) return String(error.code);
  const code = errorCodeOf(error);
  if (code !== '') return code;
  return error instanceof Error ? error.name : 'unknown';
}

function markFailed(span: Span, error: unknown): void {
  span.setAttribute('error.type', errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The client span of one upstream attempt (a retry is a sibling span under the same server span). */
class AttemptSpan implements AttemptTrace {
  constructor(readonly span: Span) {}

  responded(status: number): void {
    this.span.setAttribute('http.response.status_code', status);
    // HTTP client convention: any 4xx/5xx answer is an error of the client span.
    if (status >= 400) {
      this.span.setAttribute('error.type', String(status));
      this.span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }

  ended(error: Error | undefined): void {
    if (error !== undefined) markFailed(this.span, error);
    this.span.end();
  }
}

class PluginSpan implements PluginTrace {
  constructor(private readonly span: Span) {}

  ended(error: unknown): void {
    if (error !== undefined) markFailed(this.span, error);
    this.span.end();
  }
}

/**
 * The tracing of one call: its server span and the context its children and the upstream hang
 * from. A call that is not sampled keeps a non-recording span, so its context still propagates
 * (flags 00) but nothing else is created.
 */
export class CallSpan implements CallTrace {
  readonly sampled: boolean;
  /** Parent context of attempt and plugin spans; built on first use (only sampled calls have children). */
  private childContext: Context | undefined;

  constructor(
    private readonly tracer: Tracer,
    private readonly propagation: TracePropagation,
    private readonly span: Span,
  ) {
    this.sampled = span.isRecording();
  }

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  private parent(): Context {
    return (this.childContext ??= trace.setSpan(ROOT_CONTEXT, this.span));
  }

  /** A client span under the server span, addressed to `address` (`host:port`). */
  private startClient(name: string, address: string): Span {
    const { host, port } = splitAddress(address);
    const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT }, this.parent());
    span.setAttribute('server.address', host);
    if (port !== undefined) span.setAttribute('server.port', port);
    return span;
  }

  startAttempt(method: string, address: string, attempt: number): AttemptTrace | undefined {
    if (!this.sampled) return undefined;
    const span = this.startClient(method, address);
    span.setAttribute('http.request.method', method);
    if (attempt > 1) span.setAttribute('http.request.resend_count', attempt - 1);
    return new AttemptSpan(span);
  }

  startRpcAttempt(system: string, service: string, method: string, address: string, attempt: number): AttemptTrace | undefined {
    if (!this.sampled) return undefined;
    const span = this.startClient(`${service}/${method}`, address);
    span.setAttribute('rpc.system', system);
    span.setAttribute('rpc.service', service);
    span.setAttribute('rpc.method', method);
    if (attempt > 1) span.setAttribute('gantry.attempt', attempt);
    return new AttemptSpan(span);
  }

  inject(headers: OutgoingHeaders, attempt: AttemptTrace | undefined): void {
    this.propagation.inject(attempt instanceof AttemptSpan ? attempt.span : this.span, headers);
  }

  startPlugin(plugin: string, phase: string): PluginTrace | undefined {
    if (!this.sampled) return undefined;
    const span = this.tracer.startSpan(`${plugin} ${phase}`, { kind: SpanKind.INTERNAL }, this.parent());
    span.setAttribute('gantry.plugin', plugin);
    span.setAttribute('gantry.plugin.phase', phase);
    return new PluginSpan(span);
  }

  end(exchange: CallExchange): void {
    const span = this.span;
    if (this.sampled) {
      span.updateName(serverSpanName(exchange));
      span.setAttributes(serverSpanAttributes(exchange));
      const outcome = exchange.outcome;
      if (isFailedCall(outcome.resultCode, outcome.status)) {
        span.setAttribute('error.type', outcome.detail === '' ? String(outcome.resultCode) : outcome.detail);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    span.end();
  }
}
