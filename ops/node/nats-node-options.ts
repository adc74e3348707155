/**
 * Options of a gateway node that follows the NATS control plane (`gantry serve --nats`).
 */
import { join } from 'node:path';
import type { BusOptions } from '../../bus/connection.js';
import { defaultConfigBucket } from '../../bus/config/config-bucket.js';
import { defaultSwitchBucket } from '../../bus/switches/switch-bucket.js';
import { defaultPluginBucket } from '../../bus/plugins/plugin-bucket.js';
import { DEFAULT_STATUS_SUBJECT_ROOT } from '../../bus/status/status-subjects.js';
import type { GatewayOptions } from '../../core/gateway/gateway-options.js';

/** Everything a NATS node needs. Every field but `nodeId` has a default in {@link defaultNatsNodeOptions}. */
export interface NatsNodeOptions {
  /** Node id: a subject token (letters, digits, `-`, `_`). */
  nodeId: string;
  /** Servers and auth; the client name is set per connection. */
  bus: Partial<BusOptions>;
  /** Holds `last-good.json` and the audit spool; default `./.gantry/<nodeId>`. */
  dataDir: string;
  /** Config KV bucket. */
  bucket: string;
  /** Switch KV bucket the node follows (and admin switch writes go to). */
  switchBucket: string;
  /**
   * Servers and operator credentials for the admin port's writes (`--admin-nats-*`). Undefined:
   * they go over the node's own connection, whose user then needs write permission on both buckets
   * (the node user of ops/nats has none by design, so writes answer 503).
   */
  adminBus: Partial<BusOptions> | undefined;
  /**
   * The plugin registry: its Object Store bucket, and the public keys (`A…`, from
   * `gantry plugin keygen`) whose signatures this node accepts. Trust is node-local on purpose: a
   * key listed in the shared config could be added by anyone who can write config.
   */
  plugins: { bucket: string; trustedKeys: readonly string[] };
  /** Audit stream name. */
  auditStream: string;
  /** Root of node-status subjects; audit subjects are `<subjectRoot>.audit.<kind>`. */
  subjectRoot: string;
  /** How long start waits for the bucket before serving the last-good copy, in ms. */
  configWaitMs: number;
  /** Pause between connect attempts while NATS is unreachable, in ms. */
  retryDelayMs: number;
  /** Time between heartbeats, in ms. */
  heartbeatIntervalMs: number;
  /** How long a stop waits for undelivered audit events to reach the stream, in ms (they stay spooled). */
  auditFlushTimeoutMs: number;
  /** The gateway's own options (logs, ports, plugins, switches); `nodeId` is taken from above. */
  gateway: Omit<GatewayOptions, 'nodeId'>;
  /** Aborting it while the node waits for its first config gives up the start. */
  signal: AbortSignal | undefined;
}

/** The options of `nodeId` with the defaults and the given gateway options. */
export function defaultNatsNodeOptions(nodeId: string, gateway: Omit<GatewayOptions, 'nodeId'>): NatsNodeOptions {
  return {
    nodeId,
    bus: {},
    dataDir: join('.gantry', nodeId),
    bucket: defaultConfigBucket,
    switchBucket: defaultSwitchBucket,
    adminBus: undefined,
    plugins: { bucket: defaultPluginBucket, trustedKeys: [] },
    auditStream: 'GANTRY_AUDIT',
    subjectRoot: DEFAULT_STATUS_SUBJECT_ROOT,
    configWaitMs: 5000,
    retryDelayMs: 1000,
    heartbeatIntervalMs: 2000,
    auditFlushTimeoutMs: 3000,
    gateway,
    signal: undefined,
  };
}
