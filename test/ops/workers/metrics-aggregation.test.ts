import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { aggregateWorkerMetrics, callsOf } from '../../../ops/workers/metrics-aggregation.js';

async function workerRegistry(calls: number, inFlight: number, lagSeconds: number): Promise<Registry> {
  const registry = new Registry();
  const counter = new Counter({ name: 'gantry_http_requests_total', help: 'calls', labelNames: ['api'], registers: [registry] });
  counter.inc({ api: 'ping' }, calls);
  new Gauge({ name: 'gantry_http_requests_in_flight', help: 'in flight', registers: [registry] }).set(inFlight);
  new Gauge({ name: 'lag_seconds', help: 'lag', aggregator: 'max', registers: [registry] }).set(lagSeconds);
  const histogram = new Histogram({ name: 'duration_seconds', help: 'd', buckets: [0.1, 1], registers: [registry] });
  for (let i = 0; i < calls; i += 1) histogram.observe(0.05);
  return registry;
}

describe('aggregateWorkerMetrics', () => {
  it('metrics aggregation - counters and histograms sum across workers', async () => {
    const one = await (await workerRegistry(3, 1, 0.2)).getMetricsAsJSON();
    const two = await (await workerRegistry(4, 2, 0.5)).getMetricsAsJSON();
    const text = await aggregateWorkerMetrics([{ id: 1, metrics: one }, { id: 2, metrics: two }]).metrics();
    expect(text).toContain('gantry_http_requests_total{api="ping"} 7');
    expect(text).toContain('duration_seconds_count 7');
    expect(text).toContain('duration_seconds_bucket{le="0.1"} 7');
  });

  it('metrics aggregation - plain gauges are kept per worker, others use their aggregator', async () => {
    const one = await (await workerRegistry(1, 1, 0.2)).getMetricsAsJSON();
    const two = await (await workerRegistry(1, 2, 0.5)).getMetricsAsJSON();
    const text = await aggregateWorkerMetrics([{ id: 1, metrics: one }, { id: 2, metrics: two }]).metrics();
    expect(text).toContain('gantry_http_requests_in_flight{worker="1"} 1');
    expect(text).toContain('gantry_http_requests_in_flight{worker="2"} 2');
    expect(text).toContain('lag_seconds 0.5');
  });

  it('metrics aggregation - the primary\'s own metrics are added as they are', async () => {
    const primary = new Registry();
    new Gauge({ name: 'gantry_workers_ready', help: 'ready', registers: [primary] }).set(2);
    const one = await (await workerRegistry(1, 0, 0)).getMetricsAsJSON();
    const text = await aggregateWorkerMetrics([{ id: 1, metrics: one }], [await primary.getMetricsAsJSON()]).metrics();
    expect(text).toContain('gantry_workers_ready 2');
  });

  it('metrics aggregation - callsOf sums a worker\'s request counter', async () => {
    const metrics = await (await workerRegistry(5, 0, 0)).getMetricsAsJSON();
    expect(callsOf({ id: 1, metrics })).toBe(5);
    expect(callsOf(undefined)).toBe(0);
  });
});
