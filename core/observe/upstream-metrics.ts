import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { breakerStateChannel, type BreakerStateEvent } from '../invoke/endpoint-breaker.js';
import { readSafely } from './read-safely.js';

/** Circuit-breaker state of one upstream endpoint. */
export type BreakerState = 'closed' | 'half-open' | 'open';

/** Gauge value of each breaker state. */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = Object.freeze({
  closed: 0,
  'half-open': 1,
  open: 2,
});

/** Label value of each state the breaker publishes (0 closed, 1 half-open, 2 open). */
const BREAKER_STATE_NAMES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

/** One endpoint's breaker, as the invoke layer reports it at scrape time. */
export interface BreakerStateSample {
  readonly cluster: string;
  /** `host:port`. */
  readonly endpoint: string;
  readonly state: BreakerState;
}

/** The counts of an undici `Pool.stats`, read at scrape time. */
export interface PoolStatsSample {
  /** Open connections. */
  readonly connected: number;
  /** Open connections with no request on them. */
  readonly free: number;
  /** Requests waiting for a connection. */
  readonly pending: number;
  /** Requests sent and not yet answered. */
  readonly running: number;
}

/** One endpoint's connection pool. */
export interface UpstreamPoolSample {
  readonly cluster: string;
  readonly endpoint: string;
  readonly stats: PoolStatsSample;
}

/** Where the upstream gauges read from; each call must be cheap. */
export interface UpstreamMetricsSources {
  /** Every endpoint breaker of the current snapshot. */
  breakerStates: () => Iterable<BreakerStateSample>;
  /** Every endpoint pool of the current snapshot. */
  upstreamPools: () => Iterable<UpstreamPoolSample>;
}

const POOL_GAUGES: readonly { name: string; help: string; field: keyof PoolStatsSample }[] = [
  { name: 'gantry_upstream_pool_connected', help: 'Open connections to the upstream endpoint.', field: 'connected' },
  { name: 'gantry_upstream_pool_free', help: 'Open connections to the endpoint with no request on them.', field: 'free' },
  { name: 'gantry_upstream_pool_pending', help: 'Requests waiting for a connection to the endpoint.', field: 'pending' },
  { name: 'gantry_upstream_pool_running', help: 'Requests sent to the endpoint and not yet answered.', field: 'running' },
];

/**
 * Per-endpoint upstream metrics: breaker state and pool use are read from the snapshot when
 * scraped; breaker transitions are counted from the `gantry:invoke:breaker-state` channel (rare
 * events, never per call). Endpoints come from the config, so labels stay bounded.
 */
export class UpstreamMetrics {
  private readonly transitions: Counter<'cluster' | 'endpoint' | 'state'>;
  private readonly onTransition = (message: unknown): void => this.countTransition(message as BreakerStateEvent);

  constructor(registry: Registry, private readonly sources: () => UpstreamMetricsSources) {
    const registers = [registry];
    new Gauge({
      name: 'gantry_upstream_breaker_state',
      help: 'Circuit breaker state per upstream endpoint: 0 closed, 1 half-open, 2 open.',
      labelNames: ['cluster', 'endpoint'],
      registers,
      aggregator: 'max',
      collect() {
        readSafely(() => {
          const samples = [...sources().breakerStates()];
          this.reset();
          for (const s of samples) this.set({ cluster: s.cluster, endpoint: s.endpoint }, BREAKER_STATE_VALUE[s.state]);
        });
      },
    });
    this.transitions = new Counter({
      name: 'gantry_upstream_breaker_transitions_total',
      help: 'Circuit breaker state changes per upstream endpoint, by the state entered.',
      labelNames: ['cluster', 'endpoint', 'state'],
      registers,
    });
    for (const gauge of POOL_GAUGES) {
      const field = gauge.field;
      new Gauge({
        name: gauge.name,
        help: gauge.help,
        labelNames: ['cluster', 'endpoint'],
        registers,
        collect() {
          readSafely(() => {
            const samples = [...sources().upstreamPools()];
            this.reset();
            for (const s of samples) this.set({ cluster: s.cluster, endpoint: s.endpoint }, s.stats[field]);
          });
        },
      });
    }
    subscribe(breakerStateChannel.name, this.onTransition);
  }

  /** Stops counting transitions (the channel is process-wide; a closed gateway must let go of it). */
  close(): void {
    unsubscribe(breakerStateChannel.name, this.onTransition);
  }

  private countTransition(event: BreakerStateEvent): void {
    readSafely(() => {
      // The channel is shared by every gateway of the process: count only this gateway's endpoints.
      for (const s of this.sources().breakerStates()) {
        if (s.cluster === event.cluster && s.endpoint === event.endpoint) {
          this.transitions.inc({ cluster: event.cluster, endpoint: event.endpoint, state: BREAKER_STATE_NAMES[event.state] ?? String(event.state) });
          return;
        }
      }
    });
  }
}
