import { METHODS, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import fastify, { type FastifyInstance } from 'fastify';
import type { CallHandler } from '../pipeline/call-handler.js';
import { CallExchange } from '../pipeline/call-exchange.js';
import type { SnapshotHolder } from '../pipeline/serving-snapshot.js';
import { replyToClientError, replyToUnsupportedConnect } from './client-error-reply.js';
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
  private constructor(private readonly app: FastifyInstance, private readonly state: { draining: boolean }) {}

  static async start(handler: CallHandler, snapshots: SnapshotHolder, options: HttpFrontOptions): Promise<HttpFront> {
    // Shared with every reply channel, which reads it when writing a head.
    const state = { draining: false };
    const closeAfter = (): boolean => state.draining;
    const serve = (raw: IncomingMessage, response: ServerResponse): void => {
      const exchange = toExchange(raw);
      const channel = new HttpReplyChannel(response, closeAfter);
      const body = new HttpRequestBody(raw, snapshots.current.bodyLimitBytes);
      void handler.handle(exchange, body, channel);
    };
    const app = fastify({
      http: { maxHeaderSize: options.headerBytes },
      keepAliveTimeout: options.keepAliveTimeoutMs,
      return503OnClosing: false,
      forceCloseConnections: 'idle',
      logger: false,
      frameworkErrors(_error, request, reply) {
        reply.hijack();
        serve(request.raw, reply.raw);
      },
      clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
        const answered = replyToClientError(error, socket);
        if (answered !== undefined) options.onClientError?.(answered.code, answered.detail);
      },
    });
    // Every method Node parses is declared body-less, so Fastify never looks at a body or its
    // Content-Type (no 415 for an odd media type, no 400 for a QUERY without one): the pipeline
    // streams bodies itself. CONNECT never arrives as a request (see the 'connect' listener).
    for (const method of METHODS) {
      if (method !== 'CONNECT') app.addHttpMethod(method, { hasBody: false, overrideExisting: true });
    }
    app.route({
      method: app.supportedMethods,
      url: '*',
      handler(request, reply) {
        reply.hijack();
        serve(request.raw, reply.raw);
      },
    });
    // Whatever Fastify's router would answer itself goes to the pipeline too, so every answer carries
    // a result code: a URL with a bad %-escape (the gateway never decodes paths), or anything unrouted.
    app.setNotFoundHandler((request, reply) => {
      reply.hijack();
      serve(request.raw, reply.raw);
    });
    // A tunnel request has no response object; it is answered on the socket and the socket closed.
    app.server.on('connect', (_request: IncomingMessage, socket: Socket) => {
      const answered = replyToUnsupportedConnect(socket);
      if (answered !== undefined) options.onClientError?.(answered.code, answered.detail);
    });
    // Slow-loris guard on the request head; the whole-request timeout stays Node's default.
    app.server.headersTimeout = options.headersTimeoutMs;
    await app.listen({ host: options.host, port: options.port });
    return new HttpFront(app, state);
  }

  get port(): number {
    return (this.app.server.address() as AddressInfo).port;
  }

  /** Stops accepting connections; calls in flight continue, their connections close afterwards. */
  stopAccepting(): void {
    this.state.draining = true;
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
  // A target that names no path (`*`, authority form) is kept as sent: it routes nowhere (3000),
  // and the answer's tips and the digest line show what the client asked for.
  const target = parseRequestTarget(raw.url ?? '') ?? { path: raw.url ?? '', query: '' };
  const socket = raw.socket;
  let address = socket.remoteAddress ?? '-';
  if (address.startsWith(IPV4_MAPPED)) address = address.slice(IPV4_MAPPED.length);
  return new CallExchange('http', raw.method ?? 'GET', target.path, target.query, raw.headers, address, socket.remotePort ?? 0, performance.now());
}
