import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracingOptions } from './tracing-options.js';

/**
 * The OTLP/HTTP exporter for the configured encoding. Headers, timeout and compression still come
 * from the exporter's own `OTEL_EXPORTER_OTLP_*` variables; only the URL is given here.
 *
 * The protobuf exporter is `@opentelemetry/exporter-trace-otlp-proto`, the same pinned version
 * `@opentelemetry/sdk-node` installs with itself; it is loaded only when asked for.
 */
export async function createSpanExporter(options: TracingOptions): Promise<SpanExporter> {
  if (options.protocol === 'http/json') return new OtlpJsonExporter({ url: options.tracesUrl });
  const { OTLPTraceExporter: OtlpProtobufExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OtlpProtobufExporter({ url: options.tracesUrl });
}
