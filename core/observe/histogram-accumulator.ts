/**
 * The numbers behind one labelled histogram series, kept as plain fields.
 *
 * prom-client's labelled children validate and hash their labels on every `observe` (about 0.3 µs
 * each in 15.1.3); a call records two histograms and a counter, so the gateway keeps its own
 * accumulators and hands them to prom-client only when scraped (`AccumulatedHistogram`).
 */
export class HistogramAccumulator {
  /** Observations per bucket, not cumulative; index i counts values in (bound[i-1], bound[i]]. */
  readonly bucketCounts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly upperBounds: readonly number[]) {
    this.bucketCounts = new Float64Array(upperBounds.length);
  }

  /** Adds one value; NaN and negative values are ignored rather than thrown on the hot path. */
  observe(value: number): void {
    if (!(value >= 0)) return;
    this.sum += value;
    this.count++;
    const bounds = this.upperBounds;
    // Linear scan: ~14 bounds, and most gateway latencies land in the first few.
    for (let i = 0; i < bounds.length; i++) {
      if (value <= (bounds[i] as number)) {
        (this.bucketCounts[i] as number)++;
        return;
      }
    }
    // Above the last bound: counted only in +Inf, which is `count`.
  }
}
