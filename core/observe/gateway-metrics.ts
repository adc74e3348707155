import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CALL_DURATION_BUCKETS_SECONDS, CallMetrics } from './call-metrics.js';

/** Circuit-breaker state of one upstream endpoint. */
export type BreakerState = 'closed' | 'half-open' | 'open';

/** Gauge value of each breaker state. */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = Object.freeze({
  closed: 0,
  'half-open': 1,
  open: 2,
});

/** One endpoint's breaker, as the invoke layer reports it at scrape time. */
export interface BreakerStateSample {
  readonly cluster: string;
  /** `host:port`. */
  readonly endpoint: string;
  readonly state: BreakerState;
}

/** Values read at scrape time from the rest of the gateway; each call must be cheap and not throw. */
export interface GatewayMetricsSources {
  /** Calls currently in the pipeline (a plain integer the pipeline keeps). */
  inFlight: () => number;
  /** Every endpoint breaker of the current snapshot. */
  breakerStates: () => Iterable<BreakerStateSample>;
  /** Log lines dropped so far, over all writers (`GatewayLogs.droppedLines`). */
  droppedLogLines: () => number;
}

/** Options of `GatewayMetrics`. */
export interface GatewayMetricsOptions extends GatewayMetricsSources {
  /**
   * Register prom-client's default process and Node.js metrics under their standard names
   * (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`, `nodejs_gc_duration_seconds`, ...).
   * Each registry that enables them starts its own event-loop monitor, so tests turn this off.
   */
  defaultMetrics: boolean;
  /** Buckets of the call and upstream duration histograms, in seconds. */
  callBucketsSeconds: readonly number[];
  /** Buckets of `gantry_config_apply_duration_seconds`. */
  configApplyBucketsSeconds: readonly number[];
}

/** Defaults: default metrics on, sources that report nothing. */
export function defaultGatewayMetricsOptions(): GatewayMetricsOptions {
  return {
    defaultMetrics: true,
    callBucketsSeconds: CALL_DURATION_BUCKETS_SECONDS,
    configApplyBucketsSeconds: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    inFlight: () => 0,
    breakerStates: () => [],
    droppedLogLines: () => 0,
  };
}

/** Result of one config apply attempt. */
export type ConfigApplyOutcome = 'applied' | 'refused';

/**
 * The gateway's Prometheus metrics, in a registry of its own (not prom-client's global one) so that
 * several gateways — or tests — can live in one process.
 *
 * Per-call cost is `recordCall` alone; gauges that mirror gateway state (in-flight calls, breakers,
 * dropped log lines) are read from `sources` when scraped, so nothing else runs per call. A source
 * that throws leaves its metric as it was and does not fail the scrape.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private sources: GatewayMetricsSources;
  private readonly calls: CallMetrics;
  private readonly configRevision: Gauge;
  private readonly configApplyDuration: Histogram;
  private readonly configApplies: Counter<'outcome'>;
  private readonly configLastApply: Gauge;

  constructor(options: Partial<GatewayMetricsOptions> = {}) {
    const opts = { ...defaultGatewayMetricsOptions(), ...options };
    this.sources = { inFlight: opts.inFlight, breakerStates: opts.breakerStates, droppedLogLines: opts.droppedLogLines };
    const registers = [this.registry];
    const readSources = (): GatewayMetricsSources => this.sources;
    this.calls = new CallMetrics(this.registry, opts.callBucketsSeconds);

    new Gauge({
      name: 'gantry_http_requests_in_flight',
      help: 'Calls currently being handled.',
      registers,
      collect() {
        readSafely(() => this.set(readSources().inFlight()));
      },
    });
    new Gauge({
      name: 'gantry_upstream_breaker_state',
      help: 'Circuit breaker state per upstream endpoint: 0 closed, 1 half-open, 2 open.',
      labelNames: ['cluster', 'endpoint'],
      registers,
      collect() {
        readSafely(() => {
          const samples = [...readSources().breakerStates()];
          this.reset();
          for (const s of samples) this.set({ cluster: s.cluster, endpoint: s.endpoint }, BREAKER_STATE_VALUE[s.state]);
        });
      },
    });
    new Counter({
      name: 'gantry_log_dropped_lines_total',
      help: 'Log lines dropped because a log buffer was full or its file unusable.',
      registers,
      collect() {
        readSafely(() => {
          const dropped = readSources().droppedLogLines();
          this.reset();
          this.inc(dropped);
        });
      },
    });
    this.configRevision = new Gauge({
      name: 'gantry_config_revision',
      help: 'Revision of the config snapshot being served.',
      registers,
    });
    this.configApplyDuration = new Histogram({
      name: 'gantry_config_apply_duration_seconds',
      help: 'Time to validate and compile a config, applied or refused.',
      buckets: [...opts.configApplyBucketsSeconds],
      registers,
    });
    this.configApplies = new Counter({
      name: 'gantry_config_applies_total',
      help: 'Config apply attempts by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    // Both outcomes exist from the start, so `increase(...{outcome="refused"})` works before the first refusal.
    this.configApplies.inc({ outcome: 'applied' }, 0);
    this.configApplies.inc({ outcome: 'refused' }, 0);
    this.configLastApply = new Gauge({
      name: 'gantry_config_last_apply_timestamp_seconds',
      help: 'Unix time of the last successfully applied config.',
      registers,
    });
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Content-Type of `metricsText()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Replaces some of the scrape-time sources (the pipeline and invokers exist after the metrics). */
  setSources(sources: Partial<GatewayMetricsSources>): void {
    this.sources = { ...this.sources, ...sources };
  }

  /**
   * Records one finished call. `code` is the gateway result code, `status` the HTTP status sent.
   * `group`/`api` must be configured names (use `-` when no API matched): every distinct value makes
   * new series. `upstreamSeconds` is the time to upstream response headers, undefined when no upstream
   * was called.
   */
  recordCall(
    group: string,
    api: string,
    code: number,
    status: number,
    totalSeconds: number,
    upstreamSeconds: number | undefined,
  ): void {
    this.calls.record(group, api, code, status, totalSeconds, upstreamSeconds);
  }

  /**
   * Forgets every series of an API removed from the config. A call still in flight on the old
   * snapshot recreates them when it finishes; call this once the old snapshot has drained.
   */
  forgetApi(group: string, api: string): void {
    this.calls.forget(group, api);
  }

  /** Forgets the series of every API for which `isLive` is false; returns how many APIs were dropped. */
  pruneApis(isLive: (group: string, api: string) => boolean): number {
    return this.calls.prune(isLive);
  }

  /**
   * Records one config apply attempt. Duration and the outcome counter count both outcomes; revision
   * and last-apply time change only when a config was applied.
   */
  recordConfigApply(
    outcome: ConfigApplyOutcome,
    durationSeconds: number,
    revision?: number,
    nowMs: number = Date.now(),
  ): void {
    this.configApplies.inc({ outcome });
    if (Number.isFinite(durationSeconds) && durationSeconds >= 0) this.configApplyDuration.observe(durationSeconds);
    if (outcome !== 'applied') return;
    if (revision !== undefined) this.configRevision.set(revision);
    this.configLastApply.set(nowMs / 1000);
  }

  /** The exposition text for `GET /metrics`. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }
}

function readSafely(read: () => void): void {
  try {
    read();
  } catch {
    // A broken source must not fail the whole scrape; its metric keeps its last value.
  }
}
