import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  commandFailure, decodeCommandRequest, isNodeCommandName,
  type NodeCommandHandler, type NodeCommandHandlers, type NodeCommandName, type NodeCommandResponse,
} from './node-command.js';
import { DEFAULT_STATUS_SUBJECT_ROOT, nodeCommandSubject, type StatusSubjectOptions } from './status-subjects.js';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Answers commands sent to one node on `<root>.node.<id>.cmd`. The node registers a handler per
 * command; each request runs its handler (sync or async) and gets exactly one reply:
 *
 * | request                                   | reply                                         |
 * |-------------------------------------------|-----------------------------------------------|
 * | not JSON, or no string `cmd`              | `{ ok: false, code: 'bad-request' }`          |
 * | `cmd` not a command, or no handler        | `{ ok: false, code: 'unknown-command' }`      |
 * | handler throws / rejects / non-JSON value | `{ ok: false, code: 'handler-failed', error }`|
 * | handler returns `value`                   | `{ ok: true, result: value }`                 |
 *
 * Requests without a reply subject (plain publishes) are ignored.
 */
export class NodeCommandResponder {
  private readonly handlers = new Map<NodeCommandName, NodeCommandHandler>();
  private readonly subject: string;
  private subscription: Subscription | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    readonly nodeId: string,
    handlers: NodeCommandHandlers = {},
    options: Partial<StatusSubjectOptions> = {},
  ) {
    this.subject = nodeCommandSubject(nodeId, options.subjectRoot ?? DEFAULT_STATUS_SUBJECT_ROOT);
    for (const [cmd, handler] of Object.entries(handlers)) {
      if (isNodeCommandName(cmd) && handler) this.handlers.set(cmd, handler);
    }
  }

  /** Registers (or replaces) the handler of one command; effective for the next request. */
  handle(cmd: NodeCommandName, handler: NodeCommandHandler): this {
    this.handlers.set(cmd, handler);
    return this;
  }

  /** Starts answering. Idempotent. */
  start(): this {
    this.subscription ??= this.nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (err || !msg.reply) return;
        const answering = this.answer(msg).finally(() => this.inFlight.delete(answering));
        this.inFlight.add(answering);
      },
    });
    return this;
  }

  /** Stops answering new requests; resolves once requests already running have been answered. */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = null;
    await Promise.all([...this.inFlight]);
  }

  private async answer(msg: Msg): Promise<void> {
    const response = await this.responseTo(msg.string());
    let text: string;
    try {
      text = JSON.stringify(response);
    } catch (err) {
      text = JSON.stringify(commandFailure('handler-failed', `result is not JSON: ${messageOf(err)}`));
    }
    if (!this.nc.isClosed()) msg.respond(text);
  }

  private async responseTo(text: string): Promise<NodeCommandResponse> {
    const request = decodeCommandRequest(text);
    if (request === null) return commandFailure('bad-request', 'request must be JSON { cmd: string, args? }');
    const handler = isNodeCommandName(request.cmd) ? this.handlers.get(request.cmd) : undefined;
    if (!handler) return commandFailure('unknown-command', `node ${this.nodeId} has no command "${request.cmd}"`);
    try {
      const result: unknown = await handler(request.args);
      return result === undefined ? { ok: true } : { ok: true, result };
    } catch (err) {
      return commandFailure('handler-failed', messageOf(err));
    }
  }
}
