import { formatIssues, type ConfigIssue } from '../config/config-issue.js';
import { createGatewayLogs, type GatewayLogs } from '../observe/gateway-logs.js';
import { GantryTracer, resolveTracingOptions } from '../observe/tracing/index.js';
import { GatewayMetrics, type BreakerStateSample, type UpstreamPoolSample } from '../observe/gateway-metrics.js';
import { CallHandler } from '../pipeline/call-handler.js';
import { compileAdminTokens } from '../server/admin-auth.js';
import { startAdminServer } from '../server/admin-server.js';
import { startBoltFront } from '../server/bolt-front.js';
import { startDubboFront } from '../server/dubbo-front.js';
import { HttpFront } from '../server/http-front.js';
import type { RpcListener } from '../server/rpc-front/rpc-listener.js';
import { SharedResources } from '../snapshot/shared-resources.js';
import { SnapshotManager, type ApplyOutcome } from '../snapshot/snapshot-manager.js';
import { bindSwitchEffects, type SwitchEffects } from '../switches/switch-effects.js';
import { CallObserver } from './call-observer.js';
import type { ConfigCandidate, ConfigSource } from './config-source.js';
import type { GatewayOptions } from './gateway-options.js';
import { pluginHostFor } from './plugin-host.js';

const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

/** `path: reason; path: reason` — the config log line already names the origin once. */
function issuesInOneLine(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ');
}

/** Thrown by `start` when the first config is refused: a node never starts on a bad config. */
export class StartupConfigError extends Error {
  readonly code = 'GANTRY_STARTUP_CONFIG';
}

/**
 * One gateway node: logs and metrics, the snapshot manager fed by a config source, the HTTP front
 * and the admin port. `start` resolves once it serves; `drain` stops it gracefully.
 */
export class Gateway {
  readonly logs: GatewayLogs;
  readonly metrics: GatewayMetrics;
  readonly snapshots: SnapshotManager;
  readonly handler: CallHandler;
  private readonly switchEffects: SwitchEffects;
  private front: HttpFront | undefined;
  private admin: { port: number; close: () => Promise<void> } | undefined;
  /** The Bolt and Dubbo fronts, opened when `listen.bolt` / `listen.dubbo` are set. */
  private bolt: RpcListener | undefined;
  private dubbo: RpcListener | undefined;
  private draining = false;
  /** The OpenTelemetry tracer, built from the first config and the `OTEL_*` environment; undefined when tracing is off. */
  private tracer: GantryTracer | undefined;

  private constructor(private readonly source: ConfigSource, private readonly options: GatewayOptions) {
    this.logs = createGatewayLogs({ dir: options.logDir, stdout: options.logDir === null, level: options.logLevel });
    this.metrics = new GatewayMetrics({ defaultMetrics: options.processMetrics, nodeId: options.nodeId });
    // A plugin or pool that fails to close must not go unnoticed, nor break the snapshot swap.
    const resources = new SharedResources((key, error) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.logs.error.error(undefined, 'snapshot', 'close', `closing ${key} failed: ${reason}`);
    });
    this.snapshots = new SnapshotManager({ resources, catalog: options.catalog, host: { ...pluginHostFor(this.logs, options.switches), meterFor: (plugin) => this.metrics.pluginMeter(plugin) } });
    this.snapshots.onOutcome((outcome) => this.onOutcome(outcome));
    // Switches act through API cells and log settings, pushed on each change and each new snapshot.
    this.switchEffects = bindSwitchEffects(options.switches, { snapshots: this.snapshots, logs: this.logs, logLevel: options.logLevel });
    this.handler = new CallHandler(this.snapshots, new CallObserver(this.logs, this.metrics, options.nodeId));
    this.metrics.setSources({
      inFlight: () => this.handler.inFlight,
      breakerStates: () => this.breakerSamples(),
      upstreamPools: () => this.poolSamples(),
      droppedLogLines: () => this.logs.droppedLines(),
    });
  }

  /** Starts a node: first config must apply, then the listeners open on its `listen` ports. */
  static async start(source: ConfigSource, options: GatewayOptions): Promise<Gateway> {
    const gateway = new Gateway(source, options);
    const first = await source.start((candidate) => gateway.offer(candidate));
    if (first.kind === 'refused') {
      await source.close();
      await gateway.logs.closeAll();
      throw new StartupConfigError(formatIssues(first.origin, first.issues));
    }
    try {
      await gateway.listen();
    } catch (error) {
      // A port in use must not leave a half-started node behind (an open front, a file watcher).
      await gateway.abandon();
      throw error;
    }
    return gateway;
  }

  /** Closes whatever `start` had opened before it failed. */
  private async abandon(): Promise<void> {
    this.draining = true;
    await this.source.close();
    this.front?.stopAccepting();
    await this.closeEverything();
  }

  /** Cuts the remaining connections and closes every part, in dependency order (last step of drain and abandon). */
  private async closeEverything(): Promise<void> {
    this.front?.forceClose();
    this.bolt?.forceClose();
    this.dubbo?.forceClose();
    await this.admin?.close();
    // Spans of the calls that just ended are still buffered: export them before the process exits.
    await this.tracer?.shutdown();
    this.switchEffects.close();
    await this.snapshots.close();
    this.metrics.close();
    await this.logs.closeAll();
  }

  get httpPort(): number {
    return this.front?.port ?? 0;
  }

  get adminPort(): number {
    return this.admin?.port ?? 0;
  }

  /** Port of the Bolt front; 0 when it is off. */
  get boltPort(): number {
    return this.bolt?.port ?? 0;
  }

  /** Port of the Dubbo front; 0 when it is off. */
  get dubboPort(): number {
    return this.dubbo?.port ?? 0;
  }

  /** Offers a config candidate (from the source, or a test) to the snapshot manager. */
  offer(candidate: ConfigCandidate): Promise<ApplyOutcome> {
    if ('issues' in candidate) return this.snapshots.refuse(candidate.origin, candidate.issues);
    return this.snapshots.apply(candidate.document, candidate.origin, candidate.revision);
  }

  private async listen(): Promise<void> {
    const config = this.snapshots.current.config;
    if (config === null) throw new StartupConfigError('no config applied');
    const { listen, limits } = config;
    // Like the ports, tracing is read from the first config only (a change needs a restart).
    const tracing = resolveTracingOptions(config.tracing, this.options.tracingEnv);
    if (tracing.enabled) {
      this.tracer = await GantryTracer.create(tracing, {
        nodeId: this.options.nodeId,
        onError: (message) => this.logs.error.error(undefined, 'tracing', 'export', `span export failed: ${message}`),
      });
      this.handler.tracer = this.tracer;
    }
    this.front = await HttpFront.start(this.handler, this.snapshots, {
      host: listen.host,
      port: this.options.httpPort ?? listen.http,
      headerBytes: limits.headerBytes,
      headersTimeoutMs: limits.headersTimeoutMs,
      keepAliveTimeoutMs: limits.keepAliveTimeoutMs,
      onClientError: (code, detail) => this.logs.error.debug(undefined, 'http-front', detail, `refused a malformed request with ${code}`),
    });
    // The RPC fronts open with the first config only: like the HTTP port, a later change needs a restart.
    if (listen.bolt !== undefined) this.bolt = await startBoltFront(this.handler, listen.host, listen.bolt);
    if (listen.dubbo !== undefined) this.dubbo = await startDubboFront(this.handler, listen.host, listen.dubbo);
    this.admin = await startAdminServer(
      {
        snapshots: this.snapshots, metrics: this.metrics, logs: this.logs, nodeId: this.options.nodeId, draining: () => this.draining,
        writes: {
          tokens: compileAdminTokens(this.options.adminTokens),
          backend: this.options.adminWrites,
          catalog: this.options.catalog,
          switches: this.options.switches,
          onAudit: this.options.onAdminAudit,
        },
      },
      listen.adminHost,
      this.options.adminPort ?? listen.admin,
    );
  }

  /**
   * Graceful stop: readiness goes false, listeners stop accepting, calls in flight get up to the
   * config's drain timeout to finish, then remaining connections are cut and everything closes.
   */
  async drain(): Promise<{ unfinishedCalls: number }> {
    if (this.draining) return { unfinishedCalls: this.handler.inFlight };
    this.draining = true;
    await this.source.close();
    this.front?.stopAccepting();
    this.bolt?.stopAccepting();
    this.dubbo?.stopAccepting();
    const timeoutMs = this.snapshots.current.config?.limits.drainTimeoutMs ?? 0;
    const deadline = performance.now() + timeoutMs;
    while (this.handler.inFlight > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const unfinishedCalls = this.handler.inFlight;
    await this.closeEverything();
    return { unfinishedCalls };
  }

  private onOutcome(outcome: ApplyOutcome): void {
    const source = this.source.name;
    if (outcome.kind === 'applied') {
      this.logs.config.applied(source, { revision: outcome.revision, hash: outcome.hash, origin: outcome.origin, counts: { ...outcome.summary }, durationMs: outcome.durationMs });
      this.metrics.recordConfigApply('applied', outcome.durationMs / 1000, outcome.revision);
      this.metrics.pruneApis((group, api) => this.snapshots.current.apis.has(`${group}|${api}`));
    } else if (outcome.kind === 'refused') {
      this.logs.config.refused(source, {
        origin: outcome.origin,
        reason: issuesInOneLine(outcome.issues),
        // Revision 0 is the empty snapshot before any config: the log says so rather than "keeping revision 0".
        keptRevision: outcome.keptRevision > 0 ? outcome.keptRevision : undefined,
      });
      this.logs.error.error(undefined, 'config', 'refused', formatIssues(outcome.origin, outcome.issues));
      this.metrics.recordConfigApply('refused', outcome.durationMs / 1000);
    }
  }

  private *poolSamples(): Iterable<UpstreamPoolSample> {
    const snapshot = this.snapshots.current;
    for (const cluster of [...snapshot.clusters.values(), ...snapshot.rpcClusters]) {
      for (const endpoint of cluster.endpoints) yield { cluster: cluster.name, endpoint: endpoint.address, stats: endpoint.pool.stats };
    }
  }

  private *breakerSamples(): Iterable<BreakerStateSample> {
    for (const cluster of [...this.snapshots.current.clusters.values(), ...this.snapshots.current.rpcClusters]) {
      for (const endpoint of cluster.endpoints) {
        yield { cluster: cluster.name, endpoint: endpoint.address, state: BREAKER_STATES[endpoint.breaker.state] };
      }
    }
  }
}
