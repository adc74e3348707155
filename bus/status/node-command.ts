/**
 * The command protocol on `<root>.node.<id>.cmd`: request `{ cmd, args? }` as JSON, reply
 * `{ ok: true, result? }` or `{ ok: false, code, error }`. Branch on `code`, never on `error` text.
 */

/** Commands a node answers. */
export const nodeCommandNames = ['status', 'dump-config', 'set-log-level', 'drain'] as const;

/**
 * - `status`: the node's {@link NodeStatus}.
 * - `dump-config`: the live config document and its revision.
 * - `set-log-level`: `args: { level }`; the level now in force.
 * - `drain`: `args: { timeoutMs? }`; starts a graceful drain, answers before it completes.
 */
export type NodeCommandName = (typeof nodeCommandNames)[number];

/** A command request. */
export interface NodeCommandRequest {
  cmd: NodeCommandName;
  args?: unknown;
}

/**
 * Why a command failed:
 * - `bad-request`: the request was not `{ cmd: string, args? }` JSON.
 * - `unknown-command`: not a command name, or the node registered no handler for it.
 * - `handler-failed`: the node's handler threw (or returned something that is not JSON).
 * - `no-responder`: no node with that id is listening (client side).
 * - `timeout`: the node did not answer in time (client side).
 * - `bad-response`: the answer was not a command response (client side).
 */
export type NodeCommandErrorCode =
  | 'bad-request' | 'unknown-command' | 'handler-failed' | 'no-responder' | 'timeout' | 'bad-response';

/** A command reply. */
export type NodeCommandResponse =
  | { ok: true; result?: unknown }
  | { ok: false; code: NodeCommandErrorCode; error: string };

/** Runs one command on the node; its return value (JSON-serialisable) becomes `result`. */
export type NodeCommandHandler = (args: unknown) => unknown;

/** Handlers by command name; a missing one answers `unknown-command`. */
export type NodeCommandHandlers = Partial<Record<NodeCommandName, NodeCommandHandler>>;

/** True when `value` is a command name. */
export function isNodeCommandName(value: unknown): value is NodeCommandName {
  return typeof value === 'string' && (nodeCommandNames as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A failure reply. */
export function commandFailure(code: NodeCommandErrorCode, error: string): NodeCommandResponse {
  return { ok: false, code, error };
}

/** Reads a reply from JSON text; a `bad-response` failure when it is not one. */
export function decodeCommandResponse(text: string): NodeCommandResponse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return commandFailure('bad-response', 'reply is not JSON');
  }
  if (isRecord(value) && value.ok === true) return 'result' in value ? { ok: true, result: value.result } : { ok: true };
  if (isRecord(value) && value.ok === false && typeof value.code === 'string' && typeof value.error === 'string') {
    return commandFailure(value.code as NodeCommandErrorCode, value.error);
  }
  return commandFailure('bad-response', 'reply is not { ok, result | code, error }');
}

/** Reads a request from JSON text: the cmd as a string (maybe unknown) and its args, or null. */
export function decodeCommandRequest(text: string): { cmd: string; args: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.cmd !== 'string') return null;
  return { cmd: value.cmd, args: value.args };
}
