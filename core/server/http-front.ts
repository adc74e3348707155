import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import fastify, { type FastifyInstance } from 'fastify';
import type { CallHandler } from '../pipeline/call-handler.js';
import { CallExchange } from '../pipeline/call-exchange.js';
import type { SnapshotHolder } from '../pipeline/serving-snapshot.js';
import { replyToClientError } from './client-error-reply.js';
import { HttpReplyChannel } from './http-reply-channel.js';
import { HttpRequestBody } from './http-request-body.js';
import { parseRequestTarget } from './request-target.js';

/** Listener settings, from the config's `listen` and `limits` (fixed for the life of the listener). */
export interface HttpFrontOptions {
  readonly host: string;
  readonly port: number;
  readonly headerBytes: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Told of requests the parser refused (they never reach the pipeline). */
  readonly onClientError?: (code: number, detail: string) => void;
}

const IPV4_MAPPED = '::ffff:';

/**
 * The HTTP/1.1 front: Fastify owns the socket and hands every request, whatever its method or
 * path, to the pipeline. No Fastify hooks, parsers or serialisers run per request: the body stays
 * an unread stream and the reply is written by the pipeline (the handler hijacks it).
 */
export class HttpFront {
  private draining = false;

  private constructor(private readonly app: FastifyInstance) {}

  static async start(handler: CallHandler, snapshots: SnapshotHolder, options: HttpFrontOptions): Promise<HttpFront> {
    let front: HttpFront | undefined;
    const closeAfter = (): boolean => front?.draining ?? false;
    const app = fastify({
      http: { maxHeaderSize: options.headerBytes },
      keepAliveTimeout: options.keepAliveTimeoutMs,
      return503OnClosing: false,
      forceCloseConnections: 'idle',
      logger: false,
      clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
        const answered = replyToClientError(error, socket);
        if (answered !== undefined) options.onClientError?.(answered.code, answered.detail);
      },
    });
    app.removeAllContentTypeParsers();
    // Why a pass-through parser: the pipeline streams bodies itself; Fastify must not read them.
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const serve = (raw: IncomingMessage, response: ServerResponse): void => {
      const exchange = toExchange(raw);
      const channel = new HttpReplyChannel(response, closeAfter);
      const body = new HttpRequestBody(raw, snapshots.current.bodyLimitBytes);
      void handler.handle(exchange, body, channel);
    };
    app.route({
      method: app.supportedMethods,
      url: '*',
      handler(request, reply) {
        reply.hijack();
        serve(request.raw, reply.raw);
      },
    });
    // Slow-loris guard on the request head; the whole-request timeout stays Node's default.
    app.server.headersTimeout = options.headersTimeoutMs;
    await app.listen({ host: options.host, port: options.port });
    front = new HttpFront(app);
    return front;
  }

  get port(): number {
    return (this.app.server.address() as AddressInfo).port;
  }

  /** Stops accepting connections; calls in flight continue, their connections close afterwards. */
  stopAccepting(): void {
    this.draining = true;
    // close() stops listening at once; its callback would wait for every keep-alive connection.
    this.app.server.close();
    this.app.server.closeIdleConnections();
  }

  /** Cuts every remaining connection (after the drain timeout). */
  forceClose(): void {
    this.app.server.closeAllConnections();
  }
}

function toExchange(raw: IncomingMessage): CallExchange {
  const target = parseRequestTarget(raw.url ?? '') ?? { path: '', query: '' };
  const socket = raw.socket;
  let address = socket.remoteAddress ?? '-';
  if (address.startsWith(IPV4_MAPPED)) address = address.slice(IPV4_MAPPED.length);
  return new CallExchange('http', raw.method ?? 'GET', target.path, target.query, raw.headers, address, socket.remotePort ?? 0, performance.now());
}
