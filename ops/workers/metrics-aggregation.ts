/**
 * One `/metrics` for a node of many workers: counters and histograms sum across workers (a request
 * counts once wherever it ran); a gauge keeps what its definition asks for (`aggregator`: average,
 * max, first, omit, …), and a plain `sum` gauge (in-flight, breaker state, config revision, memory)
 * is kept per worker under a `worker` label rather than summed into a number that means nothing
 * (a sum of revisions, of breaker states). `sum by ()` in PromQL still gives node totals.
 */
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { WorkerMetrics } from './messages.js';

/** One worker's metrics, with its slot. */
export interface WorkerMetricsSample {
  readonly id: number;
  readonly metrics: WorkerMetrics;
}

function labelledPerWorker(sample: WorkerMetricsSample): WorkerMetrics {
  return sample.metrics.map((metric) => {
    // prom-client types `type` as an enum but serialises it as its string name.
    if (String(metric.type) !== 'gauge' || (metric.aggregator ?? 'sum') !== 'sum') return metric;
    return { ...metric, values: metric.values.map((value) => ({ ...value, labels: { ...value.labels, worker: String(sample.id) } })) };
  });
}

/** The node's registry: workers' metrics aggregated as above, plus the primary's own (`extra`). */
export function aggregateWorkerMetrics(samples: readonly WorkerMetricsSample[], extra: readonly WorkerMetrics[] = []): Registry {
  return AggregatorRegistry.aggregate([...samples.map(labelledPerWorker), ...extra]);
}

/** The counter whose sum is a worker's answered calls (`/gantry/workers` shows it per worker). */
export const CALLS_METRIC = 'gantry_http_requests_total';

/** Calls a worker answered so far, by {@link CALLS_METRIC}; 0 when it has none. */
export function callsOf(sample: WorkerMetricsSample | undefined): number {
  const metric = sample?.metrics.find((m) => m.name === CALLS_METRIC);
  return metric === undefined ? 0 : metric.values.reduce((sum, value) => sum + value.value, 0);
}
