import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { GantryTracer } from '../../core/observe/tracing/gantry-tracer.js';
import { defaultTracingOptions, type TracingSampler } from '../../core/observe/tracing/tracing-options.js';
import { CallExchange } from '../../core/pipeline/call-exchange.js';

/** Takes every batch and drops it: what is left is the cost of making and batching spans. */
const discarding: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => undefined,
};

/** CPU time of one call's tracing work, in microseconds, by sampling. */
export interface HookCost {
  label: string;
  microsPerCall: number;
}

/** A loop of `count` exchanges with no tracing: what the traced loop's own overhead is. */
function untracedLoop(count: number): number {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const exchange = new CallExchange('http', 'GET', '/bench', '', { host: '127.0.0.1', 'user-agent': 'wrk' }, '127.0.0.1', 40000, performance.now());
    exchange.outcome.resultCode = 1000;
    exchange.outcome.status = 200;
  }
  return performance.now() - started;
}

/**
 * The tracing work of one proxied call run in a loop, in this process: start the call (extract a
 * caller context), two plugin hooks, one upstream attempt with header injection, end — minus the
 * same loop without tracing. It measures what the hooks cost when tracing is on, without the
 * machine's noise in the end-to-end rows (export serialisation and the HTTP post to the collector
 * are not included).
 */
export async function measureHookCost(calls: number): Promise<HookCost[]> {
  const cases: [string, TracingSampler, number][] = [['0 %', 'traceidratio', 0], ['1 %', 'traceidratio', 0.01], ['100 %', 'always_on', 1]];
  const results: HookCost[] = [];
  for (const [label, sampler, ratio] of cases) {
    const tracer = await GantryTracer.create(
      { ...defaultTracingOptions(), enabled: true, sampler, samplerRatio: ratio },
      { nodeId: 'bench', onError: () => undefined, exporter: discarding },
    );
    const run = (count: number): number => {
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const exchange = new CallExchange('http', 'GET', '/bench', '', { host: '127.0.0.1', 'user-agent': 'wrk' }, '127.0.0.1', 40000, performance.now());
        tracer.startCall(exchange);
        const trace = exchange.trace;
        if (trace === undefined) throw new Error('tracer did not start the call');
        trace.startPlugin('request-id', 'onRequest')?.ended(undefined);
        const attempt = trace.startAttempt('GET', '127.0.0.1:8081', 1);
        trace.inject({ accept: '*/*' }, attempt);
        attempt?.responded(200);
        attempt?.ended(undefined);
        trace.startPlugin('request-id', 'onResponse')?.ended(undefined);
        exchange.outcome.resultCode = 1000;
        exchange.outcome.status = 200;
        trace.end(exchange);
      }
      return performance.now() - started;
    };
    run(Math.min(calls, 2000));
    untracedLoop(Math.min(calls, 2000));
    const untraced = untracedLoop(calls);
    results.push({ label, microsPerCall: Math.max(0, ((run(calls) - untraced) * 1000) / calls) });
    await tracer.shutdown();
  }
  return results;
}
