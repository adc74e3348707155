/**
 * A gateway node on the NATS control plane: the config follows the config bucket (last-good copy
 * on disk for starts while NATS is down), every apply or refusal is audited, and the node reports
 * its status (heartbeats, pings) and answers commands. `gantry serve --nats` runs one.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Status } from '@nats-io/transport-node';
import { AuditPublisher, auditLostChannel, ensureAuditStream, type AuditLostMessage } from '../../bus/audit/index.js';
import { connectBus } from '../../bus/connection.js';
import { NatsConfigSource, type NatsConfigSourceState } from '../../bus/index.js';
import { NatsSwitchSource, switchRefusedAuditEvent } from '../../bus/switches/index.js';
import { checkNodeId, NodeCommandResponder, startHeartbeat, type NodeHeartbeat, type NodeStatusReport } from '../../bus/status/index.js';
import { Gateway } from '../../core/gateway/gateway.js';
import { pluginRefName } from '../../core/config/plugin-ref.js';
import { pluginRefsOf } from '../../core/snapshot/compile-chain.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';
import { BusConnectionStates } from '../../core/observe/bus-connection-states.js';
import type { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { SwitchBoard, SwitchCatalog } from '../../core/switches/index.js';
import type { PluginDefinition } from '../../sdk/plugin/plugin.js';
import { adminAuditEventInput } from './admin-audit-events.js';
import { NatsAdminWriteBackend, selfAuditedAdminKinds } from './admin-write-backend.js';
import { NodeBusConnection } from './node-bus-connection.js';
import { nodeCommandHandlers } from './node-command-handlers.js';
import { auditEventOfDelivery } from './node-audit-events.js';
import { NodeEventLog } from './node-event-log.js';
import { issueText, NodeStatusTracker } from './node-status-tracker.js';
import { PluginRegistryLoader } from './plugin-registry-loader.js';
import { PluginReleaseCache } from './plugin-release-cache.js';
import { auditPluginBreakers } from './plugin-breaker-audit.js';
import { defaultNatsNodeOptions, type NatsNodeOptions } from './nats-node-options.js';
import { ObservedConfigSource } from './observed-config-source.js';
import { gantryVersion } from './package-version.js';

/** How a node ended. */
export interface NatsNodeStopped {
  /** Who asked: `SIGTERM`, `drain command`, … */
  readonly reason: string;
  /** Calls still running when the drain timeout cut them. */
  readonly unfinishedCalls: number;
  /** Audit events not yet stored by the stream; they stay in the spool for the next start. */
  readonly auditUndelivered: number;
}

/** A running NATS node. */
export interface NatsNode {
  readonly nodeId: string;
  readonly gateway: Gateway;
  readonly source: NatsConfigSource;
  /** The node's switch values, fed by {@link NatsNode.switchSource}. */
  readonly switches: SwitchBoard;
  readonly switchSource: NatsSwitchSource;
  /** The node's follower of the plugin registry. */
  readonly plugins: PluginRegistryLoader;
  /** The status heartbeats carry, now. */
  status(): NodeStatusReport;
  /** Drains and stops (once; later calls share the first). */
  stop(reason?: string): Promise<NatsNodeStopped>;
  /** Settles when the node has stopped, whoever stopped it (a signal, the `drain` command). */
  readonly stopped: Promise<NatsNodeStopped>;
}

/** Thrown by {@link startNatsNode} when `signal` aborted the wait for the first config. */
export class NodeStartAbortedError extends Error {
  readonly code = 'GANTRY_NODE_START_ABORTED';
}

function describeState(state: NatsConfigSourceState): string {
  return `${state.connected ? 'connected' : 'disconnected'}, revision ${state.revision}${state.stale ? ' (stale: last-good copy)' : ''}, from ${state.origin || '-'}`;
}

function describeStatus(status: Status): string | undefined {
  if (status.type === 'disconnect') return `disconnected from ${status.server}`;
  if (status.type === 'reconnect') return `reconnected to ${status.server}`;
  if (status.type === 'error') return `NATS error: ${status.error.message}`;
  return undefined;
}

function startAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function pluginsOf(catalog: PluginCatalog): PluginDefinition[] {
  return catalog.names().flatMap((name) => catalog.get(name) ?? []);
}

/**
 * Starts a node and resolves once it serves (its first config applied, listeners open). Without a
 * last-good copy and with NATS unreachable it waits for the bucket; abort `signal` to give up.
 * Rejects with the gateway's `StartupConfigError` when the first config is refused.
 */
export async function startNatsNode(input: Pick<NatsNodeOptions, 'nodeId' | 'gateway'> & Partial<NatsNodeOptions>): Promise<NatsNode> {
  const options: NatsNodeOptions = { ...defaultNatsNodeOptions(input.nodeId, input.gateway), ...input };
  const { nodeId, subjectRoot } = options;
  checkNodeId(nodeId);
  await mkdir(options.dataDir, { recursive: true });
  const auditPrefix = `${subjectRoot}.audit`;
  const log = new NodeEventLog();
  const tracker = new NodeStatusTracker(gantryVersion());
  const audit = new AuditPublisher(null, { subjectPrefix: auditPrefix, spoolDir: options.dataDir });
  // Fed by the connections' status events, read by the NATS metrics; every connection starts down.
  const busStates = new BusConnectionStates();
  for (const name of ['node', 'config', 'switches']) busStates.report(name, false);
  const onAuditLost = (message: unknown): void => {
    const { event, reason } = message as AuditLostMessage;
    if (event.node === nodeId) log.error('audit', reason, `audit event ${event.kind} (revision ${event.revision ?? '-'}) given up: ${reason}`);
  };
  auditLostChannel.subscribe(onAuditLost);

  let gateway: Gateway | undefined;
  let draining = false;
  let heartbeat: NodeHeartbeat | undefined;
  let commands: NodeCommandResponder | undefined;
  let stopping: Promise<NatsNodeStopped> | undefined;
  let settleStopped: (result: NatsNodeStopped) => void = () => undefined;
  const stopped = new Promise<NatsNodeStopped>((resolve) => { settleStopped = resolve; });

  const source = new NatsConfigSource({
    bus: { ...options.bus, name: `gantry-node-${nodeId}-config` },
    bucket: options.bucket,
    dataDir: options.dataDir,
    connectTimeoutMs: options.configWaitMs,
    retryDelayMs: options.retryDelayMs,
    onStateChange: (state) => {
      busStates.report('config', state.connected);
      log.config('source', describeState(state));
    },
    onError: (error) => log.error('nats', 'config-source', error.message, 'warn'),
  });
  const board = new SwitchBoard({ nodeId, catalog: new SwitchCatalog(pluginsOf(options.gateway.catalog)) });
  const switchSource = new NatsSwitchSource(board, {
    bus: { ...options.bus, name: `gantry-node-${nodeId}-switches` },
    bucket: options.switchBucket,
    connectTimeoutMs: options.configWaitMs,
    retryDelayMs: options.retryDelayMs,
    onRefused: (refusal) => {
      audit.publish(switchRefusedAuditEvent(refusal, nodeId));
      log.error('switches', 'refused', refusal.error.message, 'warn');
    },
    onStateChange: (state) => busStates.report('switches', state.connected),
    onError: (error) => log.error('nats', 'switch-source', error.message, 'warn'),
  });
  // The wait for the switch values ends early when NATS is unreachable (the node then serves the
  // declared defaults, as the config source serves its last-good copy), on abort, or on a stop.
  let endSwitchWait: () => void = () => undefined;
  const switchWaitEnded = new Promise<void>((resolve) => { endSwitchWait = resolve; });
  const readStatus = (): NodeStatusReport => tracker.report({ draining, stale: source.stale, snapshot: gateway?.snapshots.current });
  const plugins = new PluginRegistryLoader({
    nodeId,
    bucket: options.plugins.bucket,
    trustedKeys: new Set(options.plugins.trustedKeys),
    moduleDir: join(options.dataDir, 'plugins'),
    catalog: options.gateway.catalog,
    indexWaitMs: options.configWaitMs,
    audit: (event) => audit.publish(event),
    log: (message) => log.config('plugins', message),
    warn: (message) => log.error('plugins', 'registry', message, 'warn'),
    liveUsed: () => gateway?.snapshots.current.plugins.used,
    cache: new PluginReleaseCache(join(options.dataDir, 'plugins', 'releases')),
    bucketRetryMs: Math.max(options.retryDelayMs, 2000),
    declareSwitches: (definition) => {
      for (const { address, update } of board.declare(definition)) {
        if (update.kind === 'refused') log.error('switches', 'refused', `${address.name}: the value held is refused by ${definition.name}@${definition.version}'s definition`, 'warn');
      }
    },
  });
  plugins.install();
  const stopBreakerAudit = auditPluginBreakers(nodeId, (event) => audit.publish(event), (message) => log.error('plugins', 'breaker', message, 'warn'));
  // Bindings refused alone (their plugin could not be loaded) are named in the config log.
  const logPluginWarnings = (outcome: ApplyOutcome): void => {
    if (outcome.kind === 'applied') for (const warning of outcome.pluginWarnings ?? []) log.config('plugins', issueText(warning));
  };
  // Hot swap: a release published into a bound range, or yanked, recompiles the live config.
  plugins.onChange((names) => {
    const running = gateway;
    const config = running?.snapshots.current.config;
    if (running === undefined || config === null || config === undefined || stopping !== undefined) return;
    if (!pluginRefsOf(config).some((ref) => names.has(pluginRefName(ref)))) return;
    void running.snapshots.recompile('plugin-registry').then((outcome) => {
      logPluginWarnings(outcome);
      if (outcome.kind === 'applied') {
        const used = running.snapshots.current.plugins.used.map((p) => `${p.name}@${p.version}`).join(', ');
        log.config('plugins', `swapped plugins at revision ${outcome.revision}: now running ${used || 'none'}`);
        void heartbeat?.beatNow();
      } else if (outcome.kind === 'refused') {
        log.error('plugins', 'swap', `the new plugin versions were refused, the previous ones keep serving: ${outcome.issues.map(issueText).join('; ')}`);
      }
    });
  });
  const observed = new ObservedConfigSource(
    source,
    (candidate, outcome) => {
      logPluginWarnings(outcome);
      tracker.record(candidate, outcome);
      audit.publish(auditEventOfDelivery(nodeId, candidate, outcome));
      void heartbeat?.beatNow();
    },
    (error) => log.error('node', 'status', `recording a config outcome failed: ${String(error)}`),
  );

  const stop = (reason = 'stop'): Promise<NatsNodeStopped> => {
    stopping ??= shutdown(reason).then((result) => {
      settleStopped(result);
      return result;
    });
    return stopping;
  };

  const connection = new NodeBusConnection({ ...options.bus, name: `gantry-node-${nodeId}` }, options.retryDelayMs, {
    connected: async (nc: NatsConnection) => {
      busStates.report('node', true);
      if (stopping !== undefined) return;
      log.config('bus', `connected to ${nc.getServer()}`);
      heartbeat = startHeartbeat(nc, readStatus, { nodeId, intervalMs: options.heartbeatIntervalMs, subjectRoot });
      const handlers = nodeCommandHandlers({ nodeId, status: readStatus, gateway: () => gateway, drain: () => void stop('drain command') });
      commands = new NodeCommandResponder(nc, nodeId, handlers, { subjectRoot }).start();
      void plugins.attach(nc).catch((error: unknown) => log.error('plugins', 'registry', `cannot follow plugin bucket ${options.plugins.bucket}: ${error instanceof Error ? error.message : String(error)}`, 'warn'));
      try {
        await ensureAuditStream(await jetstreamManager(nc), { name: options.auditStream, subjectPrefix: auditPrefix });
      } finally {
        // Even when the stream could not be ensured (no permission), it may exist: try to deliver.
        audit.attach(jetstream(nc));
      }
    },
    status: (status) => {
      if (status.type === 'disconnect' || status.type === 'reconnect') busStates.report('node', status.type === 'reconnect');
      if (status.type === 'reconnect') audit.retryNow();
      const text = describeStatus(status);
      if (text !== undefined) log.error('nats', 'connection', text, status.type === 'reconnect' ? 'info' : 'warn');
    },
    failed: (error) => {
      endSwitchWait();
      plugins.stopWaiting();
      log.error('nats', 'connection', `NATS at ${(options.bus.servers ?? []).join(',') || 'default'}: ${error.message}; retrying`, 'warn');
    },
  });

  // Admin writes: an operator connection of their own when credentials are given, else the node's.
  let adminConnection: Promise<NatsConnection> | undefined;
  const adminWriteConnection = async (): Promise<NatsConnection> => {
    if (options.adminBus === undefined) {
      const nc = connection.current;
      if (nc === undefined) throw new Error('the node is not connected to NATS');
      return nc;
    }
    adminConnection ??= connectBus({ ...options.bus, ...options.adminBus, name: `gantry-node-${nodeId}-admin`, maxReconnectAttempts: -1 });
    // A failed connect is not cached: the next write tries again.
    return adminConnection.catch((error: unknown) => {
      adminConnection = undefined;
      throw error;
    });
  };
  const adminWrites = new NatsAdminWriteBackend({
    connection: adminWriteConnection,
    bucket: options.bucket,
    switchBucket: options.switchBucket,
    switches: board.catalog,
    audit: (event) => audit.publish({ ...event, node: nodeId }),
  });

  /** Drain first (calls finish, heartbeats say `draining`), then the bus parts, audit last but one. */
  async function shutdown(reason: string): Promise<NatsNodeStopped> {
    draining = true;
    log.config('node', `stopping (${reason}): draining`);
    await heartbeat?.beatNow();
    // Still waiting for a first config (a drain command during the start): closing the source
    // makes `Gateway.start` give up, which ends the start below.
    endSwitchWait();
    if (gateway === undefined) await source.close();
    const { unfinishedCalls } = gateway === undefined ? { unfinishedCalls: 0 } : await gateway.drain();
    log.detach();
    plugins.close();
    stopBreakerAudit();
    options.gateway.catalog.setPreparer(undefined);
    await heartbeat?.stop();
    await commands?.stop();
    await switchSource.close();
    await adminConnection?.then((nc) => nc.close()).catch(() => undefined);
    let auditUndelivered = 0;
    try {
      await audit.flush(AbortSignal.timeout(options.auditFlushTimeoutMs));
    } catch {
      auditUndelivered = audit.counters().queued;
    }
    audit.close();
    await connection.close();
    auditLostChannel.unsubscribe(onAuditLost);
    return { reason, unfinishedCalls, auditUndelivered };
  }

  connection.start();
  const onAbort = (): void => {
    endSwitchWait();
    void source.close();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted === true) throw new NodeStartAbortedError('node start aborted before it began');
    await Promise.race([switchSource.start(), switchWaitEnded]);
    await plugins.seedFromCache();
    // TS narrowed `aborted` to false above; the wait for the switches may have changed it.
    if (stopping !== undefined || startAborted(options.signal)) throw new NodeStartAbortedError('node start given up while waiting for the switches');
    gateway = await Gateway.start(observed, {
      ...options.gateway,
      nodeId,
      switches: board,
      adminWrites: options.gateway.adminWrites ?? adminWrites,
      onAdminAudit: (event) => {
        const input = adminAuditEventInput(event, nodeId, selfAuditedAdminKinds);
        if (input !== undefined) audit.publish(input);
        options.gateway.onAdminAudit(event);
      },
    });
  } catch (error) {
    const abandoned = options.signal?.aborted === true || stopping !== undefined;
    // A refusal at start is audited too: give the event a moment to leave (it stays spooled anyway).
    if (!abandoned) await audit.flush(AbortSignal.timeout(Math.min(1000, options.auditFlushTimeoutMs))).catch(() => undefined);
    await stop('start failed');
    if (abandoned) throw new NodeStartAbortedError('node start given up while waiting for the first config');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const running = gateway;
  log.attach(running.logs);
  running.metrics.setSources({ busConnections: () => busStates.samples() });
  void heartbeat?.beatNow();
  return { nodeId, gateway: running, source, switches: board, switchSource, plugins, status: readStatus, stop, stopped };
}
