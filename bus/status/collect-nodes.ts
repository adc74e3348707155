import { NoRespondersError, RequestError, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { decodeNodeStatus, type NodeStatus } from './node-status.js';
import { DEFAULT_STATUS_SUBJECT_ROOT, nodeStatusWildcard, nodesPingSubject, type StatusSubjectOptions } from './status-subjects.js';

/** How to take the fleet view. */
export interface CollectNodesOptions extends StatusSubjectOptions {
  /** Longest time to gather, in ms. Listening alone needs a bit more than one heartbeat interval. */
  waitMs: number;
  /** Ping every node (`<root>.nodes.ping`) and stop soon after the answers stop. */
  ping: boolean;
  /** With `ping`: silence after the last answer that ends the gathering, in ms. */
  stallMs: number;
}

/** Defaults: ping, 250 ms stall, at most 2500 ms (one default heartbeat interval and some slack). */
export function defaultCollectNodesOptions(): CollectNodesOptions {
  return { waitMs: 2500, ping: true, stallMs: 250, subjectRoot: DEFAULT_STATUS_SUBJECT_ROOT };
}

function isNoResponders(err: unknown): boolean {
  return err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders());
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The latest status of every node heard from, sorted by id: for `gantry nodes`. It listens to
 * heartbeats (`<root>.node.*.status`) and, with `ping`, asks every node at once; it returns when the
 * ping answers stop coming (`stallMs` of silence), or after `waitMs` when pinging is off or no node
 * answers pings (then heartbeats alone must do). Per node the status with the latest `at` wins, so a
 * heartbeat delayed by a reconnect never hides a fresher answer.
 */
export async function collectNodes(nc: NatsConnection, options: Partial<CollectNodesOptions> = {}): Promise<NodeStatus[]> {
  const resolved = { ...defaultCollectNodesOptions(), ...options };
  const latest = new Map<string, NodeStatus>();
  const record = (msg: Msg): void => {
    const status = decodeNodeStatus(msg.string());
    if (status === null) return;
    const known = latest.get(status.id);
    if (!known || Date.parse(status.at) >= Date.parse(known.at)) latest.set(status.id, status);
  };
  const started = Date.now();
  const heartbeats = nc.subscribe(nodeStatusWildcard(resolved.subjectRoot), { callback: (err, msg) => { if (!err) record(msg); } });
  try {
    let answered = 0;
    if (resolved.ping) {
      try {
        const answers = await nc.requestMany(nodesPingSubject(resolved.subjectRoot), '', {
          strategy: 'stall', stall: resolved.stallMs, maxWait: resolved.waitMs,
        });
        for await (const msg of answers) {
          record(msg);
          answered++;
        }
      } catch (err) {
        if (!isNoResponders(err)) throw err;
      }
    }
    if (answered === 0) await delay(Math.max(0, resolved.waitMs - (Date.now() - started)));
  } finally {
    heartbeats.unsubscribe();
  }
  return [...latest.values()].sort((a, b) => a.id.localeCompare(b.id));
}
