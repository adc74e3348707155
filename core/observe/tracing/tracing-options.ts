import type { tracingPropagators, tracingProtocols, tracingSamplers } from '../../config/tracing-schema.js';

export type TracingSampler = (typeof tracingSamplers)[number];
export type TracingProtocol = (typeof tracingProtocols)[number];
/** A context format; `none` never appears in resolved options (it empties the list). */
export type TracingPropagator = Exclude<(typeof tracingPropagators)[number], 'none'>;

/** Everything the tracer needs, resolved from the config's `tracing` section and the `OTEL_*` environment. */
export interface TracingOptions {
  /** False: no tracer is built, and the call path runs no tracing code. */
  enabled: boolean;
  /** Full URL spans are posted to (`…/v1/traces`). */
  tracesUrl: string;
  protocol: TracingProtocol;
  /** `service.name` of the exported resource. */
  serviceName: string;
  sampler: TracingSampler;
  /** Share of new traces sampled by the ratio samplers, 0..1. */
  samplerRatio: number;
  /** Formats extracted from calls and injected upstream; empty: neither (spans still exported). */
  propagators: readonly TracingPropagator[];
}

/** The OTLP/HTTP default collector address (the OpenTelemetry specification's). */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';

export function defaultTracingOptions(): TracingOptions {
  return {
    enabled: false,
    tracesUrl: `${DEFAULT_OTLP_ENDPOINT}/v1/traces`,
    protocol: 'http/protobuf',
    serviceName: 'gantry',
    sampler: 'parentbased_always_on',
    samplerRatio: 1,
    propagators: ['tracecontext', 'b3'],
  };
}
