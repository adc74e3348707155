/**
 * What a node does for each command sent to it on the bus (`gantry node cmd ID …`).
 */
import { stampNodeStatus, type NodeCommandHandlers, type ReadNodeStatus } from '../../bus/status/index.js';
import { isLogLevel, LOG_LEVELS } from '../../core/observe/log-level.js';
import type { Gateway } from '../../core/gateway/gateway.js';

/** What the handlers act on. */
export interface NodeCommandTarget {
  readonly nodeId: string;
  readonly status: ReadNodeStatus;
  /** The running gateway; undefined while the node is still waiting for its first config. */
  gateway(): Gateway | undefined;
  /** Starts the node's graceful stop (drain, then exit). Must not wait for it. */
  drain(): void;
}

function levelOf(args: unknown): unknown {
  return typeof args === 'object' && args !== null ? (args as { level?: unknown }).level : undefined;
}

function running(target: NodeCommandTarget): Gateway {
  const gateway = target.gateway();
  if (gateway === undefined) throw new Error('the node has no config yet (starting)');
  return gateway;
}

/**
 * - `status`: the node's status, stamped with its id and the time, as a heartbeat carries it.
 * - `dump-config`: `{ revision, config }`, the live snapshot's config with defaults filled in.
 * - `set-log-level`: `args.level` one of debug, info, warn, error; answers `{ level }`.
 * - `drain`: answers `{ draining: true }` at once, then drains and stops (a reply sent after the
 *   drain could never leave: the connection is closed by then).
 */
export function nodeCommandHandlers(target: NodeCommandTarget): NodeCommandHandlers {
  return {
    status: async () => stampNodeStatus(target.nodeId, await target.status()),
    'dump-config': () => {
      const snapshot = running(target).snapshots.current;
      return { revision: snapshot.revision, config: snapshot.config };
    },
    'set-log-level': (args) => {
      const level = levelOf(args);
      if (!isLogLevel(level)) throw new Error(`level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level) ?? 'nothing'}`);
      const gateway = running(target);
      gateway.logs.setLevel(level);
      return { level: gateway.logs.level };
    },
    drain: () => {
      target.drain();
      return { draining: true };
    },
  };
}
