import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { defaultHeartbeatOptions, type HeartbeatOptions } from './heartbeat-options.js';
import { stampNodeStatus, type NodeStatus, type ReadNodeStatus } from './node-status.js';
import { nodeStatusSubject, nodesPingSubject } from './status-subjects.js';

/** A running heartbeat. */
export interface NodeHeartbeat {
  /** Heartbeats published and pings answered so far. */
  readonly counters: { readonly beats: number; readonly pings: number; readonly statusErrors: number };
  /** Publishes a heartbeat now (e.g. right after a new snapshot is applied), off the regular beat. */
  beatNow(): Promise<void>;
  /** Stops beating and answering pings. */
  stop(): Promise<void>;
}

/**
 * Starts publishing the node's status on `<root>.node.<id>.status` every `intervalMs` (the first one
 * at once), and answering `<root>.nodes.ping` with it. The node supplies the status through
 * `readStatus`; a throw skips that beat (counted in `statusErrors`) and the next one runs as usual.
 *
 * Heartbeats are core NATS publishes: at most once, no store. While the client is disconnected the
 * NATS client holds them in its reconnect buffer and sends them when it reconnects (late: compare
 * `at`), and they are gone if the client gives up; nobody hears a node during an outage. That is the
 * intent: status is periodic, the next beat replaces a lost one.
 */
export function startHeartbeat(
  nc: NatsConnection,
  readStatus: ReadNodeStatus,
  options: Pick<HeartbeatOptions, 'nodeId'> & Partial<HeartbeatOptions>,
): NodeHeartbeat {
  const resolved: HeartbeatOptions = { ...defaultHeartbeatOptions(options.nodeId), ...options };
  if (!(resolved.intervalMs > 0)) throw new RangeError(`heartbeat: intervalMs must be > 0, got ${resolved.intervalMs}`);
  const subject = nodeStatusSubject(resolved.nodeId, resolved.subjectRoot);
  const counters = { beats: 0, pings: 0, statusErrors: 0 };
  let stopped = false;
  let beating: Promise<void> | null = null;

  async function currentStatus(): Promise<NodeStatus | null> {
    try {
      return stampNodeStatus(resolved.nodeId, await readStatus());
    } catch {
      counters.statusErrors++;
      return null;
    }
  }

  async function beat(): Promise<void> {
    const status = await currentStatus();
    if (status === null || stopped || nc.isClosed()) return;
    nc.publish(subject, JSON.stringify(status));
    counters.beats++;
  }

  // One beat at a time: a slow readStatus must not pile up overlapping beats.
  function beatOnce(): Promise<void> {
    beating ??= beat().finally(() => { beating = null; });
    return beating;
  }

  let pings: Subscription | null = null;
  if (resolved.answerPings) {
    pings = nc.subscribe(nodesPingSubject(resolved.subjectRoot), {
      callback: (err, msg) => {
        if (err || !msg.reply) return;
        void currentStatus().then((status) => {
          if (status === null || stopped) return;
          msg.respond(JSON.stringify(status));
          counters.pings++;
        });
      },
    });
  }

  const timer = setInterval(() => void beatOnce(), resolved.intervalMs);
  // A heartbeat must never be what keeps a process (a CLI, a test) alive.
  timer.unref();
  void beatOnce();

  return {
    counters,
    beatNow: beatOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      pings?.unsubscribe();
      await beating;
    },
  };
}
