import type { HeaderMap, ResponseView } from '../../sdk/plugin/exchange.js';
import type { UpstreamSink } from '../invoke/invoker.js';
import type { CallExchange } from './call-exchange.js';
import type { FilterChain } from './filter-chain.js';
import { runResponsePhase } from './filter-phases.js';
import { RESULT_CODE_HEADER, answerForReply, writableHeaders, writeAnswer } from './gateway-reply.js';
import type { ReplyChannel } from './reply-channel.js';
import { passThroughCodeForStatus } from './result-codes.js';


/**
 * The pipeline's end of an upstream call: runs the response phase on the head, stamps the result
 * code, and streams the body to the client channel.
 */
export class ResponseSink implements UpstreamSink {
  /** True once the client has its whole answer early (a response-phase plugin replied). */
  finished = false;

  constructor(
    private readonly exchange: CallExchange,
    private readonly chain: FilterChain,
    private readonly channel: ReplyChannel,
  ) {}

  start(status: number, headers: HeaderMap): void | Promise<void> {
    const view: ResponseView = { status, headers };
    const hooks = this.chain.response;
    if (hooks === null) return this.writeHead(view);
    try {
      const result = runResponsePhase(hooks, this.exchange, view);
      if (result instanceof Promise) {
        return result.then((reply) => (reply === undefined ? this.writeHead(view) : this.replaceWith(answerForReply(reply, this.exchange))));
      }
      if (result !== undefined) return this.replaceWith(answerForReply(result, this.exchange));
      return this.writeHead(view);
    } catch (error) {
      // Never throw into the upstream client's parser: report through the returned promise.
      return Promise.reject(error);
    }
  }

  data(chunk: Buffer): boolean {
    if (this.finished) return true;
    this.exchange.outcome.responseBytes += chunk.length;
    return this.channel.write(chunk);
  }

  onWritable(resume: () => void): void {
    this.channel.onDrain(resume);
  }

  end(): void {
    if (!this.finished) this.channel.end();
  }

  onClientGone(abort: () => void): void {
    this.channel.onClientGone(abort);
  }

  private writeHead(view: ResponseView): void {
    const outcome = this.exchange.outcome;
    // A mock has already chosen its code (1100); a proxied answer maps the backend's status.
    if (outcome.resultCode === 0) outcome.resultCode = passThroughCodeForStatus(view.status).code;
    outcome.status = view.status;
    const headers = writableHeaders(view.headers);
    headers[RESULT_CODE_HEADER] = String(outcome.resultCode);
    this.channel.writeHead(view.status, headers);
  }

  /** A response-phase plugin answered instead of the upstream: its answer is sent, the body dropped. */
  private replaceWith(answer: ReturnType<typeof answerForReply>): void {
    const outcome = this.exchange.outcome;
    outcome.resultCode = answer.resultCode;
    outcome.status = answer.view.status;
    outcome.detail = answer.detail;
    writeAnswer(this.channel, answer);
    outcome.responseBytes = answer.body.length;
    this.finished = true;
  }
}
