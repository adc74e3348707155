import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import { AccumulatedHistogram } from './accumulated-histogram.js';
import type { AccumulatedSeries } from './accumulated-histogram.js';
import { HistogramAccumulator } from './histogram-accumulator.js';

/** Upper bounds (seconds) of plugin hook durations: 10 µs to 1 s (most hooks take microseconds). */
export const PLUGIN_DURATION_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
]);

/**
 * One hook call in this many is timed, per plugin and phase (the first call is). Reading the clock
 * twice costs ~80 ns on this class of VM, as much as a small hook itself; the histogram's quantiles
 * stay unbiased with a sample, and a trace times every hook of a sampled call when one call matters.
 */
export const PLUGIN_TIMING_SAMPLE_EVERY = 8;

/** The hook a plugin ran, as the pipeline names it. */
export type PluginHookPhase = 'onRequest' | 'onResponse' | 'onError';

type PluginLabel = 'plugin' | 'phase';

const PHASES: readonly PluginHookPhase[] = ['onRequest', 'onResponse', 'onError'];
/** Label values: the phase without the `on` prefix, like the digest and trace names. */
const PHASE_LABEL: Readonly<Record<PluginHookPhase, string>> = { onRequest: 'request', onResponse: 'response', onError: 'error' };

/**
 * Hook timings and failures of one plugin (all its instances, every API), per phase. The pipeline
 * asks `sampled` before each hook and, when it says yes, calls `ended` after it: one clock read and
 * a few additions, nothing allocated. Failures are counted on every call.
 */
export class PluginMeter {
  readonly durations: Readonly<Record<PluginHookPhase, HistogramAccumulator>>;
  readonly failures: Record<PluginHookPhase, number> = { onRequest: 0, onResponse: 0, onError: 0 };
  /** Built once, so the registry's label-text cache sees the same objects every scrape. */
  readonly labels: Readonly<Record<PluginHookPhase, Readonly<Record<PluginLabel, string>>>>;

  // Hook calls left per phase until the next timed one: plain fields, not a record keyed by phase,
  // because this runs on every hook call and a keyed read-modify-write cost ~20 ns more.
  private untilTimedRequest = 1;
  private untilTimedResponse = 1;
  private untilTimedError = 1;

  constructor(plugin: string, buckets: readonly number[], private readonly sampleEvery = PLUGIN_TIMING_SAMPLE_EVERY) {
    this.durations = {
      onRequest: new HistogramAccumulator(buckets),
      onResponse: new HistogramAccumulator(buckets),
      onError: new HistogramAccumulator(buckets),
    };
    this.labels = {
      onRequest: { plugin, phase: PHASE_LABEL.onRequest },
      onResponse: { plugin, phase: PHASE_LABEL.onResponse },
      onError: { plugin, phase: PHASE_LABEL.onError },
    };
  }

  /** Whether to time this call of the `phase` hook: one in `sampleEvery`, starting with the first. */
  sampled(phase: PluginHookPhase): boolean {
    switch (phase) {
      case 'onRequest':
        if (--this.untilTimedRequest > 0) return false;
        this.untilTimedRequest = this.sampleEvery;
        return true;
      case 'onResponse':
        if (--this.untilTimedResponse > 0) return false;
        this.untilTimedResponse = this.sampleEvery;
        return true;
      case 'onError':
        if (--this.untilTimedError > 0) return false;
        this.untilTimedError = this.sampleEvery;
        return true;
    }
  }

  /** The hook of `phase`, started at `startedMs` (`performance.now()`), has just ended (or settled); returns now. */
  ended(phase: PluginHookPhase, startedMs: number): number {
    const now = performance.now();
    this.durations[phase].observe((now - startedMs) / 1000);
    return now;
  }

  /** The hook failed unexpectedly: threw or rejected (not a deliberate GantryError), or returned garbage. */
  failed(phase: PluginHookPhase): void {
    this.failures[phase]++;
  }
}

/**
 * `gantry_plugin_duration_seconds` and `gantry_plugin_failures_total`, labelled by plugin name and
 * phase. Plugin names come from the catalog, so the label set is bounded; meters are kept for the
 * life of the process (a plugin dropped from the config keeps its last values).
 */
export class PluginMetrics {
  private readonly meters = new Map<string, PluginMeter>();

  constructor(
    registry: Registry,
    private readonly buckets: readonly number[] = PLUGIN_DURATION_BUCKETS_SECONDS,
    private readonly sampleEvery = PLUGIN_TIMING_SAMPLE_EVERY,
  ) {
    const meters = this.meters;
    new AccumulatedHistogram<PluginLabel>({
      name: 'gantry_plugin_duration_seconds',
      help: `Time a plugin hook took, until its promise settled when it returned one; one hook call in ${String(sampleEvery)} per plugin and phase is timed.`,
      labelNames: ['plugin', 'phase'],
      buckets,
      registry,
      series: () => this.listDurations(),
    });
    new Counter({
      name: 'gantry_plugin_failures_total',
      help: 'Plugin hooks that threw, rejected or returned something that is not a reply (answered 7777).',
      labelNames: ['plugin', 'phase'],
      registers: [registry],
      collect() {
        this.reset();
        for (const meter of meters.values()) {
          for (const phase of PHASES) {
            // A phase shows once its hook ran, so `increase()` sees the first failure too.
            if (meter.durations[phase].count > 0 || meter.failures[phase] > 0) this.inc(meter.labels[phase], meter.failures[phase]);
          }
        }
      },
    });
  }

  /** The meter of `plugin`, created on first use (at snapshot compile time, not per call). */
  meterFor(plugin: string): PluginMeter {
    let meter = this.meters.get(plugin);
    if (meter === undefined) {
      meter = new PluginMeter(plugin, this.buckets, this.sampleEvery);
      this.meters.set(plugin, meter);
    }
    return meter;
  }

  private *listDurations(): Iterable<AccumulatedSeries<PluginLabel>> {
    for (const meter of this.meters.values()) {
      for (const phase of PHASES) {
        const accumulator = meter.durations[phase];
        if (accumulator.count > 0) yield { labels: meter.labels[phase], accumulator };
      }
    }
  }
}
