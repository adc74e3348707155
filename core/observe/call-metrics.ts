import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import { AccumulatedHistogram } from './accumulated-histogram.js';
import type { AccumulatedSeries } from './accumulated-histogram.js';
import { HistogramAccumulator } from './histogram-accumulator.js';

/** Upper bounds (seconds) for call and upstream durations: 0.5 ms to 10 s. */
export const CALL_DURATION_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Upper bounds (bytes) for request and response body sizes: powers of 4 from 64 B to 16 MiB. */
export const BODY_SIZE_BUCKETS_BYTES: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
]);

type ApiLabel = 'group' | 'api';

/** The accumulators of one API, one per exported histogram. */
type AccumulatorName = 'total' | 'upstream' | 'gateway' | 'requestSize' | 'responseSize';

interface OutcomeCount {
  readonly labels: Readonly<Record<'group' | 'api' | 'code' | 'status', string>>;
  count: number;
}

/** Everything recorded for one API; created on its first call, then reused. */
interface ApiCallSeries {
  readonly labels: Readonly<Record<ApiLabel, string>>;
  readonly total: HistogramAccumulator;
  readonly upstream: HistogramAccumulator;
  readonly gateway: HistogramAccumulator;
  readonly requestSize: HistogramAccumulator;
  readonly responseSize: HistogramAccumulator;
  /** Keyed by `code * 1000 + status`: a number key, no string built per call. */
  readonly outcomes: Map<number, OutcomeCount>;
}

/** One histogram family fed from one accumulator of every API. */
interface HistogramFamily {
  readonly name: string;
  readonly help: string;
  readonly accumulator: AccumulatorName;
  readonly buckets: 'duration' | 'size';
}

const HISTOGRAMS: readonly HistogramFamily[] = [
  {
    name: 'gantry_http_request_duration_seconds',
    help: 'Total time of a call in the gateway, from request received to response written.',
    accumulator: 'total',
    buckets: 'duration',
  },
  {
    name: 'gantry_upstream_duration_seconds',
    help: 'Time from sending the (last) upstream attempt to receiving its response headers.',
    accumulator: 'upstream',
    buckets: 'duration',
  },
  {
    name: 'gantry_gateway_duration_seconds',
    help: 'Time of a call spent outside the upstream: total minus upstream time (the total when no upstream was called).',
    accumulator: 'gateway',
    buckets: 'duration',
  },
  {
    name: 'gantry_http_request_size_bytes',
    help: 'Request body size received from the client (0 when it had none).',
    accumulator: 'requestSize',
    buckets: 'size',
  },
  {
    name: 'gantry_http_response_size_bytes',
    help: 'Response body size sent to the client.',
    accumulator: 'responseSize',
    buckets: 'size',
  },
];

/**
 * Per-API call metrics: `gantry_http_requests_total` and the duration and size histograms in
 * `HISTOGRAMS`. `record` does two Map lookups and plain arithmetic once an API's series exist
 * (no allocation); labels are only turned into prom-client values at scrape time.
 */
export class CallMetrics {
  private readonly byGroup = new Map<string, Map<string, ApiCallSeries>>();
  private readonly buckets: readonly number[];
  private readonly sizeBuckets: readonly number[];

  constructor(
    registry: Registry,
    buckets: readonly number[] = CALL_DURATION_BUCKETS_SECONDS,
    sizeBuckets: readonly number[] = BODY_SIZE_BUCKETS_BYTES,
  ) {
    this.buckets = buckets;
    this.sizeBuckets = sizeBuckets;
    const byGroup = this.byGroup;
    new Counter({
      name: 'gantry_http_requests_total',
      help: 'Calls answered, by API, gateway result code and HTTP status.',
      labelNames: ['group', 'api', 'code', 'status'],
      registers: [registry],
      collect() {
        this.reset();
        for (const apis of byGroup.values()) {
          for (const series of apis.values()) {
            for (const outcome of series.outcomes.values()) this.inc(outcome.labels, outcome.count);
          }
        }
      },
    });
    for (const family of HISTOGRAMS) {
      new AccumulatedHistogram<ApiLabel>({
        name: family.name,
        help: family.help,
        labelNames: ['group', 'api'],
        buckets: family.buckets === 'duration' ? buckets : sizeBuckets,
        registry,
        series: () => this.listSeries(family.accumulator),
      });
    }
  }

  /**
   * Records one finished call; `upstreamSeconds` is undefined when no upstream was called, a
   * negative byte count is not recorded.
   */
  record(
    group: string,
    api: string,
    code: number,
    status: number,
    totalSeconds: number,
    upstreamSeconds: number | undefined,
    requestBytes: number,
    responseBytes: number,
  ): void {
    const series = this.seriesFor(group, api);
    series.total.observe(totalSeconds);
    if (upstreamSeconds === undefined) {
      series.gateway.observe(totalSeconds);
    } else {
      series.upstream.observe(upstreamSeconds);
      // Both clocks are read at different moments: never let rounding make the difference negative.
      series.gateway.observe(totalSeconds >= upstreamSeconds ? totalSeconds - upstreamSeconds : 0);
    }
    series.requestSize.observe(requestBytes);
    series.responseSize.observe(responseBytes);
    const key = code * 1000 + status;
    const outcome = series.outcomes.get(key);
    if (outcome !== undefined) {
      outcome.count++;
    } else {
      series.outcomes.set(key, { labels: { group, api, code: String(code), status: String(status) }, count: 1 });
    }
  }

  /** Drops every series of one API (removed from the config). */
  forget(group: string, api: string): void {
    const apis = this.byGroup.get(group);
    if (apis === undefined) return;
    apis.delete(api);
    if (apis.size === 0) this.byGroup.delete(group);
  }

  /** Drops the series of every API for which `isLive` is false; returns how many were dropped. */
  prune(isLive: (group: string, api: string) => boolean): number {
    let dropped = 0;
    for (const [group, apis] of this.byGroup) {
      for (const api of apis.keys()) {
        if (!isLive(group, api)) {
          apis.delete(api);
          dropped++;
        }
      }
      if (apis.size === 0) this.byGroup.delete(group);
    }
    return dropped;
  }

  private seriesFor(group: string, api: string): ApiCallSeries {
    let apis = this.byGroup.get(group);
    if (apis === undefined) {
      apis = new Map();
      this.byGroup.set(group, apis);
    }
    let series = apis.get(api);
    if (series === undefined) {
      series = {
        labels: { group, api },
        total: new HistogramAccumulator(this.buckets),
        upstream: new HistogramAccumulator(this.buckets),
        gateway: new HistogramAccumulator(this.buckets),
        requestSize: new HistogramAccumulator(this.sizeBuckets),
        responseSize: new HistogramAccumulator(this.sizeBuckets),
        outcomes: new Map(),
      };
      apis.set(api, series);
    }
    return series;
  }

  private *listSeries(which: AccumulatorName): Iterable<AccumulatedSeries<ApiLabel>> {
    for (const apis of this.byGroup.values()) {
      for (const series of apis.values()) {
        const accumulator = series[which];
        // An API that never reached an upstream (refused before it) has no upstream series to show.
        if (accumulator.count > 0) yield { labels: series.labels, accumulator };
      }
    }
  }
}
