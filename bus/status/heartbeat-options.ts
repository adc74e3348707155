import { DEFAULT_STATUS_SUBJECT_ROOT, type StatusSubjectOptions } from './status-subjects.js';

/** Settings of a node's heartbeat. */
export interface HeartbeatOptions extends StatusSubjectOptions {
  /** Node id; a subject token (letters, digits, `-`, `_`). */
  nodeId: string;
  /** Time between heartbeats, in ms. */
  intervalMs: number;
  /** Answer `<root>.nodes.ping` with the current status (what makes `gantry nodes` instant). */
  answerPings: boolean;
}

/** Defaults: every 2000 ms, pings answered, root `gantry`. */
export function defaultHeartbeatOptions(nodeId: string): HeartbeatOptions {
  return {
    nodeId,
    intervalMs: 2000,
    answerPings: true,
    subjectRoot: DEFAULT_STATUS_SUBJECT_ROOT,
  };
}
