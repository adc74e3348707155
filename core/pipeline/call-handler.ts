import type { Invoker, RequestBody } from '../invoke/invoker.js';
import type { CallExchange } from './call-exchange.js';
import type { CallRecorder } from './call-recorder.js';
import type { CallTracer } from './call-trace.js';
import { EMPTY_CHAIN, type FilterChain } from './filter-chain.js';
import { runErrorPhase, runRequestPhase, runResponsePhase } from './filter-phases.js';
import { gantryError, isGantryError, type GantryError } from './gantry-error.js';
import { answerForError, answerForReply, writeAnswer, type GatewayAnswer } from './gateway-reply.js';
import type { ReplyChannel } from './reply-channel.js';
import { ResponseSink } from './response-sink.js';
import { routeRpcCall } from './rpc-route.js';
import type { RoutedApi, ServingSnapshot, SnapshotHolder } from './serving-snapshot.js';
import { newTraceId } from './trace-id.js';

const CLIENT_GONE_DETAIL = 'request.client-gone';

/** The table has no code of its own for a client that hung up (nginx's 499); it is a client-side 3999. */
function clientGoneError(cause: unknown): GantryError {
  if (isGantryError(cause) && cause.detail === CLIENT_GONE_DETAIL) return cause;
  return gantryError('ClientClosedRequest', { detail: CLIENT_GONE_DETAIL, tips: 'the client closed the connection before its answer was complete', cause });
}

/**
 * The path of one call: route on the current snapshot, request phase, invoke, response phase,
 * answer, record. Every failure becomes a GantryError answered with its result code; nothing a
 * call does can throw out of `handle`.
 */
export class CallHandler {
  /** Calls being handled right now (read by the in-flight gauge and by drain). */
  inFlight = 0;
  /** Set once by the gateway before its listeners open, only when tracing is on. */
  tracer: CallTracer | undefined = undefined;

  constructor(private readonly snapshots: SnapshotHolder, private readonly recorder: CallRecorder) {}

  async handle(exchange: CallExchange, body: RequestBody, channel: ReplyChannel): Promise<void> {
    const snapshot = this.snapshots.current;
    snapshot.enter();
    this.inFlight++;
    let chain: FilterChain = EMPTY_CHAIN;
    try {
      if (this.tracer !== undefined) this.tracer.startCall(exchange);
      if (body.declaredLength > snapshot.bodyLimitBytes) {
        throw gantryError('RequestBodyTooLarge', { detail: 'request.body-too-large', tips: `request body of ${body.declaredLength} bytes exceeds ${snapshot.bodyLimitBytes}` });
      }
      if (body.declaredLength > 0) exchange.outcome.requestBytes = body.declaredLength;
      const api = this.route(snapshot, exchange);
      chain = api.chain;
      await this.forward(snapshot, api, exchange, body, channel);
    } catch (error) {
      try {
        await this.fail(exchange, channel, chain, error);
      } catch {
        // Last resort: answering the failure failed too. A rejection here would be unhandled (the
        // front does not await calls) and take the process down; the client gets a cut connection.
        channel.destroy();
      }
    } finally {
      try {
        if (exchange.trace !== undefined) exchange.trace.end(exchange);
        if (exchange.traceId === '') exchange.traceId = newTraceId();
        this.recorder.record(exchange);
      } catch {
        // The recorder is the log and metrics themselves: a failure there has nowhere left to be
        // reported, and must neither reject (unhandled) nor keep the call from leaving.
      }
      // Drain and snapshot release wait on these.
      this.inFlight--;
      snapshot.leave();
    }
  }

  private route(snapshot: ServingSnapshot, exchange: CallExchange): RoutedApi {
    if (exchange.rpc !== undefined) return routeRpcCall(snapshot, exchange);
    const headers = exchange.headers;
    const host = headers.host;
    const group = headers['x-gateway-group'];
    const match = snapshot.router.match(
      typeof host === 'string' ? host : undefined,
      typeof group === 'string' ? group : undefined,
      exchange.method,
      exchange.path,
    );
    if (match.kind === 'group-not-found') {
      throw gantryError('RouterGroupNotFound', { detail: 'route.group-not-found', tips: `no API group for host "${String(host ?? '')}"${typeof group === 'string' ? ` or group "${group}"` : ''}` });
    }
    if (match.kind === 'route-not-found') {
      exchange.route = { group: match.groupName, api: '-' };
      throw gantryError('RouterNotFound', { detail: 'route.not-found', tips: `no API for ${exchange.method} ${exchange.path} in group ${match.groupName}` });
    }
    const api = match.payload;
    exchange.route = api.route;
    exchange.path = api.upstreamPath(exchange.path, match.matchedPath);
    if (api.methodOverride !== undefined) exchange.method = api.methodOverride;
    exchange.outcome.backProtocol = api.invoker.protocolName;
    return api;
  }

  private forward(snapshot: ServingSnapshot, api: RoutedApi, exchange: CallExchange, body: RequestBody, channel: ReplyChannel): Promise<void> {
    // Read the switch cells once, in the turn that routed the call (see CompiledApi): a switch
    // flipped while this call awaits its body or a plugin does not change it halfway through.
    const chain = api.chain;
    const invoker = api.invoker;
    if (chain.needsRequestBody) return this.forwardWithBody(snapshot, chain, invoker, exchange, body, channel);
    return this.requestPhaseThenInvoke(chain, invoker, exchange, body, channel);
  }

  private async forwardWithBody(snapshot: ServingSnapshot, chain: FilterChain, invoker: Invoker, exchange: CallExchange, body: RequestBody, channel: ReplyChannel): Promise<void> {
    exchange.body = await body.readAll(snapshot.bodyLimitBytes);
    exchange.outcome.requestBytes = exchange.body.length;
    return this.requestPhaseThenInvoke(chain, invoker, exchange, body, channel);
  }

  /**
   * Not async on purpose: while the plugins answer synchronously (the common case) the invoker's
   * own promise is returned as is, with no extra promise or microtask per call. A synchronous
   * throw reaches the caller's try/catch like a rejection would.
   */
  private requestPhaseThenInvoke(chain: FilterChain, invoker: Invoker, exchange: CallExchange, body: RequestBody, channel: ReplyChannel): Promise<void> {
    if (chain.request === null) return this.invoke(invoker, exchange, body, channel, chain);
    const reply = runRequestPhase(chain.request, exchange);
    if (reply instanceof Promise) {
      return reply.then((answered) => (answered === undefined
        ? this.invoke(invoker, exchange, body, channel, chain)
        : this.answer(exchange, channel, chain, answerForReply(answered, exchange))));
    }
    if (reply !== undefined) return this.answer(exchange, channel, chain, answerForReply(reply, exchange));
    return this.invoke(invoker, exchange, body, channel, chain);
  }

  private invoke(invoker: Invoker, exchange: CallExchange, body: RequestBody, channel: ReplyChannel, chain: FilterChain): Promise<void> {
    // A client that left during the request phase must not cost an upstream call (nor pin one until its timeout).
    if (channel.clientGone) return Promise.reject(clientGoneError(undefined));
    return invoker.invoke(exchange, body, new ResponseSink(exchange, chain, channel));
  }

  /** Answers a failure: error phase, then the standard answer — or a cut connection mid-body. */
  private async fail(exchange: CallExchange, channel: ReplyChannel, chain: FilterChain, thrown: unknown): Promise<void> {
    // Once the client has left, whatever failed after (a body read cut short, an aborted upstream call)
    // is the client's leaving: no one sees the answer, and it is not a gateway or upstream fault.
    const error: GantryError = channel.clientGone
      ? clientGoneError(thrown)
      : isGantryError(thrown)
        ? thrown
        : gantryError('UnknownError', { detail: 'gateway.unexpected', tips: 'unexpected gateway error', cause: thrown });
    if (exchange.traceId === '') exchange.traceId = newTraceId();
    this.recorder.failed(exchange, error);
    if (channel.headersSent) {
      exchange.outcome.resultCode = error.code;
      exchange.outcome.detail = error.detail ?? '';
      channel.destroy();
      return;
    }
    let answer = answerForError(error, exchange);
    if (chain.error !== null) {
      try {
        let reply = runErrorPhase(chain.error, exchange, error);
        if (reply instanceof Promise) reply = await reply;
        if (reply !== undefined) answer = answerForReply(reply, exchange);
      } catch (pluginError) {
        // The original error is what the client must see; the plugin's failure is only logged.
        if (isGantryError(pluginError)) this.recorder.failed(exchange, pluginError);
      }
    }
    await this.answer(exchange, channel, chain, answer);
  }

  /** Writes a gateway-made answer; response-phase plugins may still edit its head. */
  private async answer(exchange: CallExchange, channel: ReplyChannel, chain: FilterChain, answer: GatewayAnswer): Promise<void> {
    if (exchange.traceId === '') exchange.traceId = newTraceId();
    const outcome = exchange.outcome;
    outcome.resultCode = answer.resultCode;
    outcome.detail = answer.detail;
    if (chain.response !== null) {
      try {
        const edited = runResponsePhase(chain.response, exchange, answer.view);
        if (edited instanceof Promise) await edited;
      } catch (pluginError) {
        if (isGantryError(pluginError)) this.recorder.failed(exchange, pluginError);
      }
    }
    outcome.status = answer.view.status;
    outcome.responseBytes = answer.body.length;
    if (channel.headersSent) return;
    writeAnswer(channel, answer);
  }
}
