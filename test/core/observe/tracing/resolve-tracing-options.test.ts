import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../../core/config/validate-config.js';
import { resolveTracingOptions, TracingEnvError, type TracingConfig } from '../../../../core/observe/tracing/resolve-tracing-options.js';
import { defaultTracingOptions } from '../../../../core/observe/tracing/tracing-options.js';

const config = (tracing: Partial<TracingConfig>): TracingConfig => ({ enabled: false, ...tracing });

describe('tracing options - defaults', () => {
  it('defaults - off with no config and no environment', () => {
    expect(resolveTracingOptions(undefined, {})).toEqual(defaultTracingOptions());
    expect(defaultTracingOptions().enabled).toBe(false);
  });

  it('defaults - an empty config section stays off', () => {
    expect(resolveTracingOptions(config({}), {}).enabled).toBe(false);
  });
});

describe('tracing options - environment', () => {
  it('env - OTEL_TRACES_EXPORTER=otlp turns tracing on, with the spec defaults', () => {
    const options = resolveTracingOptions(undefined, { OTEL_TRACES_EXPORTER: 'otlp' });
    expect(options).toMatchObject({
      enabled: true,
      tracesUrl: 'http://localhost:4318/v1/traces',
      protocol: 'http/protobuf',
      sampler: 'parentbased_always_on',
      serviceName: 'gantry',
      propagators: ['tracecontext', 'b3'],
    });
  });

  it('env - the generic endpoint gets /v1/traces appended, the traces one is used as is', () => {
    expect(resolveTracingOptions(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracesUrl).toBe('http://collector:4318/v1/traces');
    expect(resolveTracingOptions(undefined, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:9999/custom',
    }).tracesUrl).toBe('http://other:9999/custom');
  });

  it('env - protocol, sampler, ratio, service name and propagators', () => {
    const options = resolveTracingOptions(undefined, {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.01',
      OTEL_SERVICE_NAME: 'edge-gw',
      OTEL_PROPAGATORS: 'b3multi, tracecontext',
    });
    expect(options).toMatchObject({
      protocol: 'http/json', sampler: 'parentbased_traceidratio', samplerRatio: 0.01, serviceName: 'edge-gw', propagators: ['b3multi', 'tracecontext'],
    });
  });

  it('env - the traces-specific protocol wins over the generic one', () => {
    expect(resolveTracingOptions(undefined, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }).protocol).toBe('http/json');
  });

  it('env - OTEL_PROPAGATORS=none propagates nothing', () => {
    expect(resolveTracingOptions(undefined, { OTEL_PROPAGATORS: 'none' }).propagators).toEqual([]);
  });

  it.each([
    ['OTEL_TRACES_EXPORTER', { OTEL_TRACES_EXPORTER: 'zipkin' }],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }],
    ['OTEL_TRACES_SAMPLER', { OTEL_TRACES_SAMPLER: 'sometimes' }],
    ['OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER_ARG: '1.5' }],
    ['OTEL_PROPAGATORS', { OTEL_PROPAGATORS: 'tracecontext,xray' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }],
  ])('env - a value it cannot honour is refused, naming %s', (name, env) => {
    let thrown: unknown;
    try {
      resolveTracingOptions(undefined, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TracingEnvError);
    expect((thrown as TracingEnvError).code).toBe('GANTRY_TRACING_ENV');
    expect((thrown as Error).message).toContain(name);
  });

  it('env - empty variables count as unset', () => {
    expect(resolveTracingOptions(config({ enabled: true }), { OTEL_TRACES_EXPORTER: '', OTEL_SERVICE_NAME: ' ' })).toMatchObject({ enabled: true, serviceName: 'gantry' });
  });
});

describe('tracing options - config file and precedence', () => {
  const fromFile = config({
    enabled: true, endpoint: 'http://file-collector:4318/v1/traces', protocol: 'http/json', serviceName: 'from-file', samplerRatio: 0.25, propagators: ['b3multi'],
  });

  it('config - the section alone configures everything; a ratio alone picks the parent-based ratio sampler', () => {
    expect(resolveTracingOptions(fromFile, {})).toEqual({
      enabled: true,
      tracesUrl: 'http://file-collector:4318/v1/traces',
      protocol: 'http/json',
      serviceName: 'from-file',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      propagators: ['b3multi'],
    });
  });

  it('precedence - each OTEL_* variable that is set wins over its config field', () => {
    const options = resolveTracingOptions(fromFile, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env-collector:4318',
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_TRACES_SAMPLER_ARG: '1',
    });
    expect(options).toMatchObject({ enabled: true, tracesUrl: 'http://env-collector:4318/v1/traces', serviceName: 'from-env', samplerRatio: 1, protocol: 'http/json' });
  });

  it('precedence - OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true turns off what the config enables', () => {
    expect(resolveTracingOptions(fromFile, { OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(resolveTracingOptions(fromFile, { OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });

  it('config - the tracing section is validated with the config document', () => {
    const accepted = validateConfig({ version: 1, tracing: { enabled: true, samplerRatio: 0.5, protocol: 'http/json' } });
    expect(accepted.ok).toBe(true);
    const refused = validateConfig({ version: 1, tracing: { enabled: true, samplerRatio: 2, protocol: 'grpc', extra: 1 } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      const paths = refused.issues.map((issue) => issue.path).join(' ');
      expect(paths).toContain('tracing');
    }
  });
});
