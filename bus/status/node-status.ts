import { parseJsonRecord } from '../json-record.js';

/**
 * What a node says about itself in heartbeats, ping answers and the `status` command.
 *
 * - `starting`: no snapshot applied yet; not serving.
 * - `serving`: serving the latest config it received.
 * - `stale`: serving its last good snapshot while the config source is unreachable (NATS down).
 * - `draining`: finishing in-flight calls before exit; takes no new ones.
 */
export const nodeStates = ['starting', 'serving', 'stale', 'draining'] as const;

/** Lifecycle state of a node; see {@link nodeStates}. */
export type NodeState = (typeof nodeStates)[number];

/** A plugin loaded by the node. */
export interface PluginStatus {
  name: string;
  version: string;
  /** sha256 of the plugin's binary (WASM plugins), hex. */
  sha256?: string;
}

/** The last config revision the node refused (it kept serving the previous one). */
export interface RefusedRevision {
  revision?: number;
  /** First issue, with its field path. */
  reason: string;
  /** ISO time of the refusal. */
  at: string;
}

/** One worker process of a node run with `gantry serve --workers N`. */
export interface WorkerStatus {
  /** Slot 1..N, kept by a restarted worker. */
  id: number;
  /** Its current process; null between a death and the restart. */
  pid: number | null;
  /** Config revision the worker serves; null before its first apply. */
  revision: number | null;
  ready: boolean;
  /** Times this slot was restarted since the node started. */
  restarts: number;
}

/** One node's status. `id` and `at` are stamped by the publisher; the rest comes from the node. */
export interface NodeStatus {
  /** Node id (a subject token). */
  id: string;
  /** ISO time this status was taken; compare it to tell a late heartbeat from a fresh one. */
  at: string;
  /** Gantry package version the node runs. */
  version: string;
  uptimeMs: number;
  state: NodeState;
  /** Config revision of the live snapshot; null before the first apply. */
  appliedRevision: number | null;
  /** ISO time the live snapshot was applied; null before the first apply. */
  appliedAt: string | null;
  /** The last refused revision, if one was refused after the live snapshot was applied. */
  refused?: RefusedRevision;
  /** Age of the live snapshot in ms; null before the first apply. */
  snapshotAgeMs: number | null;
  plugins: PluginStatus[];
  /** Per worker process, when the node runs several (`--workers N`). */
  workers?: WorkerStatus[];
}

/** What the node's callback returns: everything but what the publisher stamps. */
export type NodeStatusReport = Omit<NodeStatus, 'id' | 'at'>;

/** Produces the node's current status; called once per heartbeat and per ping. */
export type ReadNodeStatus = () => NodeStatusReport | Promise<NodeStatusReport>;

/** Completes a report into a status. */
export function stampNodeStatus(nodeId: string, report: NodeStatusReport, now: Date = new Date()): NodeStatus {
  return { ...report, id: nodeId, at: now.toISOString() };
}

/**
 * Reads a status from JSON text; null when it is not one. Lenient beyond the identifying fields, so a
 * CLI can list nodes of a newer version that added fields.
 */
export function decodeNodeStatus(text: string): NodeStatus | null {
  const value = parseJsonRecord(text);
  if (value === null) return null;
  if (typeof value.id !== 'string' || typeof value.at !== 'string' || typeof value.state !== 'string') return null;
  if (typeof value.version !== 'string' || !Array.isArray(value.plugins)) return null;
  return value as unknown as NodeStatus;
}
