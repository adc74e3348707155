import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { HistogramAccumulator } from './histogram-accumulator.js';

/** One labelled series of an `AccumulatedHistogram`. */
export interface AccumulatedSeries<L extends string> {
  readonly labels: Readonly<Record<L, string>>;
  readonly accumulator: HistogramAccumulator;
}

/** Configuration of an `AccumulatedHistogram`. */
export interface AccumulatedHistogramConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Must be the bounds the series' accumulators were built with. */
  buckets: readonly number[];
  registry: Registry;
  /** Called at scrape time; yields every live series. */
  series: () => Iterable<AccumulatedSeries<L>>;
}

/** A value entry in the shape prom-client's registry formats (`labels` merged with `sharedLabels`). */
interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
}

/**
 * A prom-client histogram whose series live in `HistogramAccumulator`s owned by the caller, read
 * only when the registry renders. It renders the accumulators only: do not call `observe`/`labels`
 * on it. prom-client's registry and `get()` both read a histogram through `getForPromString()`,
 * which this class replaces; the metrics tests catch a prom-client upgrade that changes that.
 */
export class AccumulatedHistogram<L extends string> extends Histogram<L> {
  private readonly exportName: string;
  private readonly exportHelp: string;
  private readonly seriesSource: () => Iterable<AccumulatedSeries<L>>;

  constructor(config: AccumulatedHistogramConfig<L>) {
    super({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames,
      buckets: [...config.buckets],
      registers: [config.registry],
    });
    this.exportName = config.name;
    this.exportHelp = config.help;
    this.seriesSource = config.series;
  }

  /** Replaces prom-client's renderer: same output shape, values taken from the accumulators. */
  async getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: ExportedValue[];
    aggregator: 'sum';
  }> {
    const bucketName = `${this.exportName}_bucket`;
    const values: ExportedValue[] = [];
    for (const { labels, accumulator } of this.seriesSource()) {
      // The same object every scrape: the registry caches its rendered label text per object.
      const shared: Record<string, string> = labels;
      let cumulative = 0;
      const bounds = accumulator.upperBounds;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += accumulator.bucketCounts[i] as number;
        values.push({ labels: { le: bounds[i] as number }, sharedLabels: shared, value: cumulative, metricName: bucketName });
      }
      values.push({ labels: { le: '+Inf' }, sharedLabels: shared, value: accumulator.count, metricName: bucketName });
      values.push({ labels: {}, sharedLabels: shared, value: accumulator.sum, metricName: `${this.exportName}_sum` });
      values.push({ labels: {}, sharedLabels: shared, value: accumulator.count, metricName: `${this.exportName}_count` });
    }
    return { name: this.exportName, help: this.exportHelp, type: 'histogram', values, aggregator: 'sum' };
  }
}
