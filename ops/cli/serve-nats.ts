/**
 * `gantry serve --nats`: one node following the control plane, until SIGTERM/SIGINT or a `drain`
 * command, then a graceful stop and exit 0.
 */
import { workerNodeId } from '../../bus/status/worker-node-ids.js';
import cluster from 'node:cluster';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { checkNodeId } from '../../bus/status/status-subjects.js';
import { StartupConfigError } from '../../core/gateway/gateway.js';
import type { GatewayOptions } from '../../core/gateway/gateway-options.js';
import { defaultSwitchBucket } from '../../bus/switches/switch-bucket.js';
import type { BusOptions } from '../../bus/connection.js';
import { defaultNatsNodeOptions } from '../node/nats-node-options.js';
import { gantryVersion } from '../node/package-version.js';
import { NodeStartAbortedError, startNatsNode, type NatsNode } from '../node/start-nats-node.js';
import { defaultPrimaryOptions, runPrimary } from '../workers/primary.js';
import { sendToPrimary } from '../workers/messages.js';
import { serveAsWorker, workerGatewayOptions } from '../workers/run-worker.js';
import { workerSlot } from '../workers/worker-link.js';
import { durationFlag, stringFlag, UsageError, type FlagValues } from './cli-args.js';
import { natsTargets } from './nats-flags.js';
import { pluginRegistryOf } from './plugin-trust-flags.js';

/** This host's name as a node id: the first label, anything outside [A-Za-z0-9_-] made `-`. */
export function hostNodeId(): string {
  const label = (hostname().split('.')[0] ?? '').replace(/[^A-Za-z0-9_-]/g, '-');
  return label === '' ? 'gantry-1' : label;
}

function flagOrEnv(flags: FlagValues, flag: string, env: string): string | undefined {
  const value = stringFlag(flags[flag]) ?? process.env[env];
  return value === undefined || value === '' ? undefined : value;
}

/** `--switch-bucket` / GANTRY_SWITCH_BUCKET, as `gantry switch` reads it. */
function switchBucketOf(flags: FlagValues): string {
  const bucket = flagOrEnv(flags, 'switch-bucket', 'GANTRY_SWITCH_BUCKET') ?? defaultSwitchBucket;
  if (!/^[A-Za-z0-9_-]+$/.test(bucket)) throw new UsageError(`--switch-bucket must be letters, digits, '-' or '_', got "${bucket}"`);
  return bucket;
}

/** Operator credentials for the admin port's writes; undefined: none given, the node's connection writes. */
function adminBusOf(flags: FlagValues): Partial<BusOptions> | undefined {
  const credsFile = flagOrEnv(flags, 'admin-nats-creds', 'GANTRY_ADMIN_NATS_CREDS');
  const user = flagOrEnv(flags, 'admin-nats-user', 'GANTRY_ADMIN_NATS_USER');
  const pass = flagOrEnv(flags, 'admin-nats-pass', 'GANTRY_ADMIN_NATS_PASS');
  if (credsFile !== undefined && user !== undefined) throw new UsageError('--admin-nats-creds and --admin-nats-user are exclusive: give one way to authenticate');
  if (pass !== undefined && user === undefined) throw new UsageError('--admin-nats-pass needs --admin-nats-user');
  if (credsFile !== undefined) return { credsFile, user: '', pass: '' };
  if (user !== undefined) return { user, pass: pass ?? '', credsFile: '' };
  return undefined;
}

/**
 * Runs a NATS node with `gateway` options; resolves with the exit code once it has stopped. With
 * `workers` > 1 this process becomes the primary and each worker (a re-run of this command) follows
 * the bucket as node `<id>-w<slot>`, with a data directory of its own.
 */
export async function serveNats(flags: FlagValues, gatewayOptions: Omit<GatewayOptions, 'nodeId'>, workers = 1): Promise<number> {
  const baseId = stringFlag(flags['node-id']) ?? hostNodeId();
  const slot = cluster.isWorker ? workerSlot() : 0;
  const nodeId = slot > 0 ? workerNodeId(baseId, slot) : baseId;
  try {
    checkNodeId(nodeId);
  } catch (error) {
    throw new UsageError(`--node-id: ${error instanceof Error ? error.message : String(error)}`);
  }
  const targets = natsTargets(flags);
  if (!cluster.isWorker && workers > 1) {
    const natsDefaults = defaultNatsNodeOptions(nodeId, gatewayOptions);
    return runPrimary({
      ...defaultPrimaryOptions(),
      workers,
      nodeId,
      mode: { kind: 'nats', describe: `bucket ${targets.bucket} on ${targets.bus.servers.join(',')}` },
      catalog: gatewayOptions.catalog,
      adminTokens: gatewayOptions.adminTokens,
      adminPort: gatewayOptions.adminPort,
      status: {
        bus: targets.bus,
        subjectRoot: targets.subjectRoot,
        heartbeatIntervalMs: natsDefaults.heartbeatIntervalMs,
        retryDelayMs: natsDefaults.retryDelayMs,
        version: gantryVersion(),
      },
    });
  }
  const gateway = slot > 0 ? workerGatewayOptions(gatewayOptions) : gatewayOptions;
  const defaults = defaultNatsNodeOptions(nodeId, gateway);
  const baseDataDir = stringFlag(flags['data-dir']);
  const configWaitMs = durationFlag(flags['config-wait'], '--config-wait', defaults.configWaitMs);
  const switchBucket = switchBucketOf(flags);
  const adminBus = adminBusOf(flags);
  const plugins = await pluginRegistryOf(flags);
  const starting = new AbortController();
  let node: NatsNode | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stdout.write(`gantry: ${signal}, ${node === undefined ? 'giving up the start' : 'draining'}\n`);
    if (node === undefined) starting.abort();
    else void node.stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    process.stdout.write(`gantry: node ${nodeId} following bucket ${targets.bucket} on ${targets.bus.servers.join(',')}\n`);
    try {
      node = await startNatsNode({
        nodeId,
        gateway,
        bus: targets.bus,
        // Workers never share a last-good copy or an audit spool.
        dataDir: baseDataDir === undefined ? defaults.dataDir : slot > 0 ? join(baseDataDir, `w${slot}`) : baseDataDir,
        bucket: targets.bucket,
        switchBucket,
        adminBus,
        plugins,
        auditStream: targets.auditStream,
        subjectRoot: targets.subjectRoot,
        configWaitMs,
        signal: starting.signal,
      });
    } catch (error) {
      if (error instanceof NodeStartAbortedError) return 0;
      if (error instanceof StartupConfigError) {
        process.stderr.write(`gantry: config refused, not starting:\n${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const { revision, origin } = node.source.state;
    process.stdout.write(`gantry: node ${nodeId} serving revision ${revision} from ${origin} on http :${node.gateway.httpPort}, admin :${node.gateway.adminPort}\n`);
    if (slot > 0) {
      // The primary owns the signals and the admin port; this worker drains when told.
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      const running = node;
      const asked = new Set<string>();
      const served = serveAsWorker(running.gateway, async (reason) => {
        asked.add(reason);
        return running.stop(reason);
      });
      // Stopped by no one here (the `drain` command): the whole node drains.
      void running.stopped.then(({ reason }) => {
        if (!asked.has(reason)) sendToPrimary({ type: 'gantry:drain-request', reason });
      });
      await Promise.race([served, running.stopped]);
      return 0;
    }
    const logs = node.gateway.logs;
    const reopen = (): void => logs.reopenAll();
    process.on('SIGHUP', reopen);
    const result = await node.stopped;
    process.off('SIGHUP', reopen);
    if (result.unfinishedCalls > 0) process.stderr.write(`gantry: drain timeout, ${result.unfinishedCalls} calls cut\n`);
    if (result.auditUndelivered > 0) process.stderr.write(`gantry: ${result.auditUndelivered} audit event(s) not yet delivered, kept in the spool for the next start\n`);
    process.stdout.write(`gantry: node ${nodeId} stopped (${result.reason})\n`);
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
