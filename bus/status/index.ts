/**
 * Node status on the bus: heartbeats, the fleet view behind `gantry nodes`, and commands to one node.
 * See README.md for subjects, payloads and guarantees.
 */
export {
  checkNodeId, DEFAULT_STATUS_SUBJECT_ROOT, nodeCommandSubject, nodesPingSubject, nodeStatusSubject, nodeStatusWildcard,
} from './status-subjects.js';
export type { StatusSubjectOptions } from './status-subjects.js';
export { decodeNodeStatus, nodeStates, stampNodeStatus } from './node-status.js';
export type {
  NodeState, NodeStatus, NodeStatusReport, PluginStatus, ReadNodeStatus, RefusedRevision, WorkerStatus,
} from './node-status.js';
export { defaultHeartbeatOptions } from './heartbeat-options.js';
export type { HeartbeatOptions } from './heartbeat-options.js';
export { startHeartbeat } from './heartbeat.js';
export type { NodeHeartbeat } from './heartbeat.js';
export {
  commandFailure, decodeCommandRequest, decodeCommandResponse, isNodeCommandName, nodeCommandNames,
} from './node-command.js';
export type {
  NodeCommandErrorCode, NodeCommandHandler, NodeCommandHandlers, NodeCommandName, NodeCommandRequest, NodeCommandResponse,
} from './node-command.js';
export { NodeCommandResponder } from './command-responder.js';
export { collectNodes, defaultCollectNodesOptions } from './collect-nodes.js';
export type { CollectNodesOptions } from './collect-nodes.js';
export { DEFAULT_NODE_COMMAND_TIMEOUT_MS, sendNodeCommand } from './send-node-command.js';
