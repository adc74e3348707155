import type { GantryConfig } from '../../config/types.js';
import { tracingPropagators, tracingProtocols, tracingSamplers } from '../../config/tracing-schema.js';
import { DEFAULT_OTLP_ENDPOINT, defaultTracingOptions, type TracingOptions, type TracingPropagator } from './tracing-options.js';

/** The config file's `tracing` section (already validated). */
export type TracingConfig = NonNullable<GantryConfig['tracing']>;

/** The environment variables read, as `process.env` holds them. */
export type TracingEnv = Readonly<Record<string, string | undefined>>;

/** An `OTEL_*` variable with a value Gantry cannot honour: the node refuses to start rather than trace wrongly. */
export class TracingEnvError extends Error {
  readonly code = 'GANTRY_TRACING_ENV';
}

function envValue(env: TracingEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function oneOf<const T extends readonly string[]>(values: T, name: string, value: string): T[number] {
  const lower = value.toLowerCase();
  if ((values as readonly string[]).includes(lower)) return lower as T[number];
  throw new TracingEnvError(`${name}="${value}": expected one of ${values.join(', ')}`);
}

/** `OTEL_TRACES_EXPORTER` (or `OTEL_SDK_DISABLED`) decides on/off when set; the config file otherwise. */
function enabledFrom(env: TracingEnv, config: TracingConfig | undefined): boolean {
  if (envValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return false;
  const exporter = envValue(env, 'OTEL_TRACES_EXPORTER');
  if (exporter === undefined) return config?.enabled ?? false;
  const names = exporter.split(',').map((name) => name.trim().toLowerCase());
  if (names.includes('otlp')) return true;
  if (names.every((name) => name === 'none')) return false;
  throw new TracingEnvError(`OTEL_TRACES_EXPORTER="${exporter}": Gantry exports traces with otlp only (or none)`);
}

/** The signal-specific endpoint is used as is; the generic one gets `/v1/traces` appended (OTLP exporter spec). */
function tracesUrlFrom(env: TracingEnv, config: TracingConfig | undefined): string {
  const specific = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (specific !== undefined) return checkedUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific);
  const generic = envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (generic !== undefined) return `${checkedUrl('OTEL_EXPORTER_OTLP_ENDPOINT', generic).replace(/\/+$/, '')}/v1/traces`;
  return config?.endpoint ?? `${DEFAULT_OTLP_ENDPOINT}/v1/traces`;
}

function checkedUrl(name: string, value: string): string {
  if (!URL.canParse(value) || !/^https?:/i.test(value)) throw new TracingEnvError(`${name}="${value}": expected an http(s) URL`);
  return value;
}

function ratioFrom(env: TracingEnv, config: TracingConfig | undefined): number | undefined {
  const arg = envValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) return config?.samplerRatio;
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new TracingEnvError(`OTEL_TRACES_SAMPLER_ARG="${arg}": expected a number from 0 to 1`);
  return ratio;
}

function propagatorsFrom(env: TracingEnv, config: TracingConfig | undefined): readonly TracingPropagator[] | undefined {
  const listed = envValue(env, 'OTEL_PROPAGATORS');
  const names = listed === undefined
    ? config?.propagators
    : listed.split(',').map((name) => oneOf(tracingPropagators, 'OTEL_PROPAGATORS', name.trim()));
  if (names === undefined) return undefined;
  // `none` anywhere means no propagation at all (the SDK's reading of the variable).
  if (names.includes('none')) return [];
  return [...new Set(names as readonly TracingPropagator[])];
}

/**
 * Tracing options from the config's `tracing` section and the environment. Each `OTEL_*` variable
 * that is set wins over the matching config field, so one config file serves every deployment and
 * ops can point a node at another collector, change its sampling or turn tracing off without a
 * config change — the way every OpenTelemetry SDK reads them.
 *
 * @throws TracingEnvError naming the variable when a set variable has a value Gantry cannot honour.
 */
export function resolveTracingOptions(config: TracingConfig | undefined, env: TracingEnv): TracingOptions {
  const defaults = defaultTracingOptions();
  const enabled = enabledFrom(env, config);
  const protocolText = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? envValue(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  const samplerText = envValue(env, 'OTEL_TRACES_SAMPLER');
  const ratio = ratioFrom(env, config);
  const sampler = samplerText !== undefined
    ? oneOf(tracingSamplers, 'OTEL_TRACES_SAMPLER', samplerText)
    : config?.sampler ?? (ratio === undefined ? defaults.sampler : 'parentbased_traceidratio');
  return {
    enabled,
    tracesUrl: tracesUrlFrom(env, config),
    protocol: protocolText !== undefined
      ? oneOf(tracingProtocols, envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') === undefined ? 'OTEL_EXPORTER_OTLP_PROTOCOL' : 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', protocolText)
      : config?.protocol ?? defaults.protocol,
    serviceName: envValue(env, 'OTEL_SERVICE_NAME') ?? config?.serviceName ?? defaults.serviceName,
    sampler,
    samplerRatio: ratio ?? defaults.samplerRatio,
    propagators: propagatorsFrom(env, config) ?? defaults.propagators,
  };
}
