import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import {
  commandFailure, decodeCommandResponse,
  type NodeCommandName, type NodeCommandRequest, type NodeCommandResponse,
} from './node-command.js';
import { DEFAULT_STATUS_SUBJECT_ROOT, nodeCommandSubject, type StatusSubjectOptions } from './status-subjects.js';

/** Default time to wait for a node's answer, in ms. */
export const DEFAULT_NODE_COMMAND_TIMEOUT_MS = 2000;

/**
 * Sends one command to one node and returns its reply. Bus trouble becomes a failure reply, not a
 * throw, so the CLI has one shape to print: `no-responder` (no such node listening), `timeout`,
 * `bad-response`. Other errors (closed connection) are thrown. `args` is sent only when given.
 */
export async function sendNodeCommand(
  nc: NatsConnection,
  nodeId: string,
  cmd: NodeCommandName,
  args?: unknown,
  timeoutMs: number = DEFAULT_NODE_COMMAND_TIMEOUT_MS,
  options: Partial<StatusSubjectOptions> = {},
): Promise<NodeCommandResponse> {
  const subject = nodeCommandSubject(nodeId, options.subjectRoot ?? DEFAULT_STATUS_SUBJECT_ROOT);
  const request: NodeCommandRequest = args === undefined ? { cmd } : { cmd, args };
  try {
    const reply = await nc.request(subject, JSON.stringify(request), { timeout: timeoutMs });
    return decodeCommandResponse(reply.string());
  } catch (err) {
    if (err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders())) {
      return commandFailure('no-responder', `no node "${nodeId}" is listening on ${subject}`);
    }
    if (err instanceof TimeoutError || (err instanceof RequestError && err.cause instanceof TimeoutError)) {
      return commandFailure('timeout', `node "${nodeId}" did not answer within ${timeoutMs} ms`);
    }
    throw err;
  }
}
