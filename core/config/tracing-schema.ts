import { Type } from '@sinclair/typebox';
import { stringEnum, strictObject } from './schema-builders.js';

/** The samplers of the OpenTelemetry SDK, by their `OTEL_TRACES_SAMPLER` names. */
export const tracingSamplers = [
  'always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio',
] as const;

/** OTLP over HTTP, as `OTEL_EXPORTER_OTLP_PROTOCOL` names it (gRPC is not offered). */
export const tracingProtocols = ['http/protobuf', 'http/json'] as const;

/** Context formats read from calls and written to upstreams, as `OTEL_PROPAGATORS` names them. */
export const tracingPropagators = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'] as const;

/**
 * OpenTelemetry tracing of the node. Read once at start (like `listen`); the standard `OTEL_*`
 * environment variables win over each field (see docs/tracing.md).
 */
export const TracingSchema = strictObject(
  {
    enabled: Type.Boolean({ description: 'Export spans over OTLP/HTTP. `OTEL_TRACES_EXPORTER=otlp|none` overrides it.', default: false }),
    endpoint: Type.Optional(Type.String({
      description: 'Full URL spans are posted to, e.g. `http://collector:4318/v1/traces`. Default: the OTLP/HTTP default on localhost.',
      minLength: 1,
      maxLength: 2048,
      pattern: '^https?://',
    })),
    protocol: Type.Optional(stringEnum(tracingProtocols, { description: 'OTLP/HTTP encoding. Default `http/protobuf` (the OpenTelemetry default).' })),
    serviceName: Type.Optional(Type.String({ description: 'The `service.name` resource attribute. Default `gantry`.', minLength: 1, maxLength: 256 })),
    sampler: Type.Optional(stringEnum(tracingSamplers, {
      description: 'Sampler, as `OTEL_TRACES_SAMPLER` names it. Default `parentbased_traceidratio` when `samplerRatio` is set, else `parentbased_always_on`.',
    })),
    samplerRatio: Type.Optional(Type.Number({ description: 'Share of new traces sampled, 0..1, for the ratio samplers (1 when absent).', minimum: 0, maximum: 1 })),
    propagators: Type.Optional(Type.Array(stringEnum(tracingPropagators, { description: 'A context format.' }), {
      description: 'Context formats extracted from calls and injected into upstream requests. Default `[tracecontext, b3]` (b3 also reads the multi-header form).',
      minItems: 1,
      maxItems: 5,
      uniqueItems: true,
    })),
  },
  { title: 'Tracing', description: 'OpenTelemetry tracing (OTLP/HTTP). Read at start; a change needs a restart.' },
);
