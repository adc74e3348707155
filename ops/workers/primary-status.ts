/**
 * NATS mode: the node's own status on the bus, published by the primary under the node id with one
 * entry per worker (`workers: [{ id, pid, revision, ready, restarts }]`), and the `status` and
 * `drain` commands for the node as a whole. Each worker also follows the bucket as node
 * `<id>-w<slot>` with its own heartbeat, audit and commands (see README.md).
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusOptions } from '../../bus/connection.js';
import { NodeCommandResponder, startHeartbeat, type NodeHeartbeat, type NodeStatusReport } from '../../bus/status/index.js';
import { NodeBusConnection } from '../node/node-bus-connection.js';
import { commonRevision } from './primary-admin.js';
import type { WorkerRow } from './worker-pool.js';

/** What the primary knows when it reports. */
export interface PrimaryView {
  readonly rows: readonly WorkerRow[];
  readonly draining: boolean;
  /** When the workers last came to agree on a revision (ms since epoch); null while they never did. */
  readonly agreedAtMs: number | null;
}

/**
 * The node's status from its workers':
 *
 * | workers                               | state    | appliedRevision                  |
 * |---------------------------------------|----------|----------------------------------|
 * | node draining                         | draining | as below                         |
 * | none has applied a config yet         | starting | null                             |
 * | all on one revision                   | serving  | that revision                    |
 * | on different revisions (mid-rollout)  | serving  | the lowest: what all serve at least |
 */
export function primaryStatusReport(view: PrimaryView, version: string, startedAtMs: number, nowMs: number): NodeStatusReport {
  const revisions = view.rows.flatMap((row) => (row.revision === null ? [] : [row.revision]));
  const applied = revisions.length === 0 ? null : commonRevision(view.rows) ?? Math.min(...revisions);
  const state = view.draining ? 'draining' : applied === null ? 'starting' : 'serving';
  return {
    version,
    uptimeMs: nowMs - startedAtMs,
    state,
    appliedRevision: applied,
    appliedAt: applied === null || view.agreedAtMs === null ? null : new Date(view.agreedAtMs).toISOString(),
    snapshotAgeMs: applied === null || view.agreedAtMs === null ? null : Math.max(0, nowMs - view.agreedAtMs),
    plugins: [],
    workers: view.rows.map((row) => ({ ...row })),
  };
}

/** Where and how often the primary reports. */
export interface PrimaryStatusOptions {
  readonly nodeId: string;
  readonly bus: Partial<BusOptions>;
  readonly subjectRoot: string;
  readonly heartbeatIntervalMs: number;
  readonly retryDelayMs: number;
  readonly version: string;
  readonly view: () => PrimaryView;
  /** The `drain` command: drain the node. */
  readonly drain: (reason: string) => void;
  readonly log: (line: string) => void;
}

/** A running status publisher. */
export interface PrimaryStatus {
  /** Publishes at once (a worker changed). */
  beatNow(): void;
  close(): Promise<void>;
}

/** Connects in the background (the node serves whether or not NATS is up) and reports. */
export function startPrimaryStatus(options: PrimaryStatusOptions): PrimaryStatus {
  const startedAtMs = Date.now();
  let heartbeat: NodeHeartbeat | undefined;
  let commands: NodeCommandResponder | undefined;
  const read = (): NodeStatusReport => primaryStatusReport(options.view(), options.version, startedAtMs, Date.now());
  const connection = new NodeBusConnection({ ...options.bus, name: `gantry-node-${options.nodeId}-primary` }, options.retryDelayMs, {
    connected: (nc: NatsConnection) => {
      heartbeat = startHeartbeat(nc, read, { nodeId: options.nodeId, intervalMs: options.heartbeatIntervalMs, subjectRoot: options.subjectRoot });
      commands = new NodeCommandResponder(nc, options.nodeId, {
        status: read,
        drain: () => {
          options.drain('drain command');
          return { draining: true };
        },
      }, { subjectRoot: options.subjectRoot }).start();
    },
    status: () => undefined,
    failed: (error) => options.log(`node status: NATS: ${error.message}; retrying`),
  });
  connection.start();
  return {
    beatNow: () => void heartbeat?.beatNow(),
    close: async () => {
      await heartbeat?.beatNow();
      await heartbeat?.stop();
      await commands?.stop();
      await connection.close();
    },
  };
}
