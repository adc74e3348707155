import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BusConnectionSample } from './bus-connection-states.js';
import { CALL_DURATION_BUCKETS_SECONDS, CallMetrics } from './call-metrics.js';
import { PLUGIN_DURATION_BUCKETS_SECONDS, PLUGIN_TIMING_SAMPLE_EVERY, PluginMetrics, type PluginMeter } from './plugin-metrics.js';
import { readSafely } from './read-safely.js';
import { UpstreamMetrics, type BreakerStateSample, type UpstreamPoolSample } from './upstream-metrics.js';

export { BREAKER_STATE_VALUE } from './upstream-metrics.js';
export type { BreakerState, BreakerStateSample, PoolStatsSample, UpstreamPoolSample } from './upstream-metrics.js';

/** Prefix of every metric the gateway exports, prom-client's process and Node.js ones included. */
export const METRIC_PREFIX = 'gantry_';

/** Values read at scrape time from the rest of the gateway; each call must be cheap and not throw. */
export interface GatewayMetricsSources {
  /** Calls currently in the pipeline (a plain integer the pipeline keeps). */
  inFlight: () => number;
  /** Every endpoint breaker of the current snapshot. */
  breakerStates: () => Iterable<BreakerStateSample>;
  /** Every endpoint connection pool of the current snapshot (undici `Pool.stats`). */
  upstreamPools: () => Iterable<UpstreamPoolSample>;
  /** Log lines dropped so far, over all writers (`GatewayLogs.droppedLines`). */
  droppedLogLines: () => number;
  /** The node's NATS connections (none when the node runs from a file). */
  busConnections: () => Iterable<BusConnectionSample>;
}

/** Options of `GatewayMetrics`. */
export interface GatewayMetricsOptions extends GatewayMetricsSources {
  /**
   * Register prom-client's default process and Node.js metrics (CPU, memory, event-loop lag, GC),
   * prefixed `gantry_` (`gantry_process_cpu_seconds_total`, `gantry_nodejs_eventloop_lag_seconds`,
   * `gantry_nodejs_gc_duration_seconds`, ...). Each registry that enables them starts its own
   * event-loop monitor and GC observer, so tests usually turn this off.
   */
  defaultMetrics: boolean;
  /** Node id, exported as the `node` label of `gantry_node_info`. */
  nodeId: string;
  /** Buckets of the call, upstream and gateway duration histograms, in seconds. */
  callBucketsSeconds: readonly number[];
  /** Buckets of `gantry_config_apply_duration_seconds`. */
  configApplyBucketsSeconds: readonly number[];
  /** One plugin hook call in this many is timed, per plugin and phase (1: every call). */
  pluginTimingSampleEvery: number;
}

/** Defaults: default metrics on, sources that report nothing. */
export function defaultGatewayMetricsOptions(): GatewayMetricsOptions {
  return {
    defaultMetrics: true,
    nodeId: '-',
    callBucketsSeconds: CALL_DURATION_BUCKETS_SECONDS,
    configApplyBucketsSeconds: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    pluginTimingSampleEvery: PLUGIN_TIMING_SAMPLE_EVERY,
    inFlight: () => 0,
    breakerStates: () => [],
    upstreamPools: () => [],
    droppedLogLines: () => 0,
    busConnections: () => [],
  };
}

/** Result of one config apply attempt. */
export type ConfigApplyOutcome = 'applied' | 'refused';

/**
 * The gateway's Prometheus metrics (every name in docs/metrics.md), in a registry of its own (not
 * prom-client's global one) so that several gateways — or tests — can live in one process.
 *
 * Per-call cost is `recordCall` alone, plus the plugin meters around each plugin hook; gauges that
 * mirror gateway state (in-flight calls, breakers, pools, NATS, dropped log lines) are read from
 * `sources` when scraped, so nothing else runs per call. A source that throws leaves its metric as
 * it was and does not fail the scrape.
 *
 * Gauges where a sum over worker processes would be wrong carry a prom-client `aggregator` (the
 * cluster aggregator reads it): revision and last apply `min` (a lagging worker shows), breaker
 * state `max`, NATS `min`, node info `first`.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private sources: GatewayMetricsSources;
  private readonly calls: CallMetrics;
  private readonly plugins: PluginMetrics;
  private readonly upstreams: UpstreamMetrics;
  private readonly configRevision: Gauge;
  private readonly configApplyDuration: Histogram;
  private readonly configApplies: Counter<'outcome'>;
  private readonly configLastApply: Gauge;

  constructor(options: Partial<GatewayMetricsOptions> = {}) {
    const opts = { ...defaultGatewayMetricsOptions(), ...options };
    this.sources = {
      inFlight: opts.inFlight,
      breakerStates: opts.breakerStates,
      upstreamPools: opts.upstreamPools,
      droppedLogLines: opts.droppedLogLines,
      busConnections: opts.busConnections,
    };
    const registers = [this.registry];
    const readSources = (): GatewayMetricsSources => this.sources;
    this.calls = new CallMetrics(this.registry, opts.callBucketsSeconds);
    this.plugins = new PluginMetrics(this.registry, PLUGIN_DURATION_BUCKETS_SECONDS, opts.pluginTimingSampleEvery);
    this.upstreams = new UpstreamMetrics(this.registry, readSources);

    new Gauge({
      name: 'gantry_node_info',
      help: 'Always 1; its `node` label maps the scraped instance to the gateway node id.',
      labelNames: ['node'],
      registers,
      aggregator: 'first',
    }).set({ node: opts.nodeId }, 1);
    new Gauge({
      name: 'gantry_http_requests_in_flight',
      help: 'Calls currently being handled.',
      registers,
      collect() {
        readSafely(() => this.set(readSources().inFlight()));
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
    new Gauge({
      name: 'gantry_nats_connected',
      help: 'Whether each NATS connection of the node is up (1) or down (0).',
      labelNames: ['connection'],
      registers,
      aggregator: 'min',
      collect() {
        readSafely(() => {
          const samples = [...readSources().busConnections()];
          this.reset();
          for (const s of samples) this.set({ connection: s.connection }, s.connected ? 1 : 0);
        });
      },
    });
    new Counter({
      name: 'gantry_nats_disconnects_total',
      help: 'Times each NATS connection of the node was lost.',
      labelNames: ['connection'],
      registers,
      collect() {
        readSafely(() => {
          const samples = [...readSources().busConnections()];
          this.reset();
          for (const s of samples) this.inc({ connection: s.connection }, s.disconnects);
        });
      },
    });
    this.configRevision = new Gauge({
      name: 'gantry_config_revision',
      help: 'Revision of the config snapshot being served.',
      registers,
      aggregator: 'min',
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
      aggregator: 'min',
    });
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
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
   * was called. Body sizes are in bytes; a negative size is not recorded.
   */
  recordCall(
    group: string,
    api: string,
    code: number,
    status: number,
    totalSeconds: number,
    upstreamSeconds: number | undefined,
    requestBytes = -1,
    responseBytes = -1,
  ): void {
    this.calls.record(group, api, code, status, totalSeconds, upstreamSeconds, requestBytes, responseBytes);
  }

  /** The meter the pipeline runs around `plugin`'s hooks; the same object for every instance of it. */
  pluginMeter(plugin: string): PluginMeter {
    return this.plugins.meterFor(plugin);
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

  /** Lets go of process-wide hooks (the breaker channel); scraping still works afterwards. */
  close(): void {
    this.upstreams.close();
  }
}
