import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, SamplingDecision, TraceIdRatioBasedSampler,
  type Sampler, type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { CallExchange } from '../../pipeline/call-exchange.js';
import type { CallTracer } from '../../pipeline/call-trace.js';
import { newSpanId, newTraceId } from '../../pipeline/trace-id.js';
import { CallSpan } from './call-span.js';
import { createSpanExporter } from './span-exporter.js';
import { TracePropagation } from './trace-propagation.js';
import { isW3cTraceId, PresetTraceIdGenerator } from './preset-trace-id-generator.js';
import type { TracingOptions } from './tracing-options.js';

/** Instrumentation scope of every span Gantry makes. */
const SCOPE = 'gantry';
/** What the sampler is shown of a server span before it exists (the built-in samplers read neither). */
const NO_ATTRIBUTES: Attributes = {};
const NO_LINKS: [] = [];

export function samplerFor(options: Pick<TracingOptions, 'sampler' | 'samplerRatio'>): Sampler {
  switch (options.sampler) {
    case 'always_on': return new AlwaysOnSampler();
    case 'always_off': return new AlwaysOffSampler();
    case 'traceidratio': return new TraceIdRatioBasedSampler(options.samplerRatio);
    case 'parentbased_always_on': return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off': return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio': return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.samplerRatio) });
  }
}

/** What the tracer needs besides its options. */
export interface GantryTracerDeps {
  /** `service.instance.id` of the exported resource. */
  nodeId: string;
  /** Told of export failures (collector down, refused batch); the node writes them to its error log. */
  onError: (message: string) => void;
  /** Replaces the OTLP exporter (tests, the benchmark's discarding sink). */
  exporter?: SpanExporter;
}

/**
 * The node's tracer: one OpenTelemetry tracer provider with a batch span processor, used through
 * explicit contexts only — no context manager, no global registration, no auto-instrumentation —
 * so a call that is traced pays for its own spans and nothing else in the process changes.
 */
export class GantryTracer implements CallTracer {
  private readonly tracer: Tracer;

  private constructor(
    private readonly provider: BasicTracerProvider,
    private readonly sampler: Sampler,
    private readonly ids: PresetTraceIdGenerator,
    private readonly propagation: TracePropagation,
  ) {
    this.tracer = provider.getTracer(SCOPE);
  }

  static async create(options: TracingOptions, deps: GantryTracerDeps): Promise<GantryTracer> {
    const exporter = deps.exporter ?? await createSpanExporter(options);
    // The SDK reports export failures only through this process-wide hook; one tracer runs per process.
    setGlobalErrorHandler((error) => deps.onError(error instanceof Error ? error.message : String(error)));
    const ids = new PresetTraceIdGenerator();
    const sampler = samplerFor(options);
    const provider = new BasicTracerProvider({
      idGenerator: ids,
      resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName, 'service.instance.id': deps.nodeId })),
      sampler,
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    return new GantryTracer(provider, sampler, ids, new TracePropagation(options.propagators));
  }

  /**
   * Decision table (`front id`: the trace id an RPC front already read from its caller, e.g. Bolt
   * `sofaTraceId` or the Dubbo `traceId` attachment; HTTP calls have none):
   *
   * | caller W3C/B3 context | front id          | server span                | exchange.traceId |
   * |-----------------------|-------------------|----------------------------|------------------|
   * | valid                 | any               | child of the caller's span | the span's       |
   * | none                  | W3C-shaped        | root, trace id = front id  | the span's (same)|
   * | none                  | other (SOFA ids)  | root, new trace id         | kept: front id   |
   * | none                  | none              | root, new trace id         | the span's       |
   *
   * In the third row the front's id keeps flowing to the digest and the RPC upstream as before,
   * and the span records it as `gantry.client_trace_id`.
   */
  startCall(exchange: CallExchange): void {
    const headers = exchange.headers;
    const caller = this.propagation.extract(headers);
    const frontId = exchange.traceId;
    const adoptable = frontId === '' || isW3cTraceId(frontId);
    const parent = caller === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, caller);
    const traceId = caller !== undefined ? caller.traceId : frontId !== '' && adoptable ? frontId : newTraceId();
    // Sampled out (most calls at a low ratio): a bare span context, without the SDK's span
    // machinery, that still propagates (flags 00). The same sampler decides again inside the SDK
    // for sampled calls, on the same trace id, so both agree.
    const decision = this.sampler.shouldSample(parent, traceId, exchange.clientMethod, SpanKind.SERVER, NO_ATTRIBUTES, NO_LINKS).decision;
    const span = decision === SamplingDecision.NOT_RECORD
      ? trace.wrapSpanContext({ traceId, spanId: newSpanId(), traceFlags: TraceFlags.NONE, traceState: caller?.traceState })
      : this.startServerSpan(exchange, parent, caller === undefined ? traceId : undefined);
    const call = new CallSpan(this.tracer, this.propagation, span);
    exchange.trace = call;
    if (caller !== undefined || adoptable) exchange.traceId = call.traceId;
    else if (call.sampled) span.setAttribute('gantry.client_trace_id', frontId);
    if (caller !== undefined && exchange.clientTraceId === '') exchange.clientTraceId = TracePropagation.callerHeader(headers);
  }

  /** The recording server span; `rootTraceId` is the trace id a root span must take (the one sampled on). */
  private startServerSpan(exchange: CallExchange, parent: Context, rootTraceId: string | undefined): Span {
    this.ids.next = rootTraceId;
    try {
      // Named with the method for now; `end` renames it once the route is known.
      return this.tracer.startSpan(exchange.clientMethod, { kind: SpanKind.SERVER, startTime: exchange.startedAt }, parent);
    } finally {
      this.ids.next = undefined;
    }
  }

  /** Exports every finished span now (tests, admin). */
  forceFlush(): Promise<void> {
    return this.provider.forceFlush();
  }

  /** Exports what is buffered and stops; spans ended afterwards are dropped. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}
