/**
 * Fixtures shared by the invoke suites: config builders for http APIs and clusters, a client that
 * returns the whole answer, bounded polling, the digest log reader, and an upstream that counts
 * its connections. Every resource a test opens is registered with `useCleanup` and closed after it.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { Agent, request, type Dispatcher } from 'undici';
import { afterEach } from 'vitest';
import { baseConfig } from '../../support/gateway-harness.js';

/** Options of one http API in a test config. */
export interface ApiOptions {
  readonly type?: 'exact' | 'prefix';
  readonly path?: string;
  readonly method?: string;
  readonly methods?: readonly string[];
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly preserveHost?: boolean;
}

/** An http API in group `g` matching `matchPath`, forwarding to `cluster`. */
export function httpApi(name: string, matchPath: string, cluster: string, options: ApiOptions = {}): Record<string, unknown> {
  const backend: Record<string, unknown> = {
    protocol: 'http',
    cluster,
    // Generous by default so a loaded machine never turns a healthy call into 4001; timeout tests pass 250.
    timeoutMs: options.timeoutMs ?? 2000,
    retries: options.retries ?? 0,
    preserveHost: options.preserveHost ?? false,
  };
  if (options.path !== undefined) backend.path = options.path;
  if (options.method !== undefined) backend.method = options.method;
  const match: Record<string, unknown> = { path: matchPath, type: options.type ?? 'prefix' };
  if (options.methods !== undefined) match.methods = options.methods;
  return { name, group: 'g', match, backend };
}

/** Options of one cluster in a test config. */
export interface ClusterOptions {
  readonly lb?: 'random' | 'round-robin' | 'weighted';
  readonly weights?: readonly number[];
  readonly breaker?: Record<string, number>;
  readonly pool?: Record<string, number>;
}

/** A config for the test gateway: group `g` plus these APIs and clusters; a short drain on stop. */
export function gatewayConfig(apis: unknown[], clusters: unknown[]): Record<string, unknown> {
  return baseConfig({ apis, clusters, limits: { drainTimeoutMs: 1000 } });
}

/** A breaker that never opens, for suites that are not about breakers. */
export const QUIET_BREAKER = Object.freeze({ volumeThreshold: 1_000_000 });

/** A cluster named `name` over `urls`; the breaker stays quiet unless the test sets one. */
export function cluster(name: string, urls: readonly string[], options: ClusterOptions = {}): Record<string, unknown> {
  return {
    name,
    lb: options.lb ?? 'round-robin',
    endpoints: urls.map((url, i) => ({ url, weight: options.weights?.[i] ?? 1 })),
    breaker: options.breaker ?? QUIET_BREAKER,
    ...(options.pool ? { pool: options.pool } : {}),
  };
}

/** A whole answer from the gateway. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** `x-gateway-result-code` as a number (NaN when absent). */
  readonly code: number;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** The error body every gateway-made answer carries. */
export interface GatewayErrorBody {
  readonly code: number;
  readonly memo: string;
  readonly tips?: string;
  readonly traceId: string;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Sends one request and reads the whole answer. */
export async function call(
  url: string,
  options: { method?: Dispatcher.HttpMethod; headers?: Record<string, string>; body?: string | Buffer | Readable; dispatcher?: Dispatcher } = {},
): Promise<Answer> {
  const response = await request(url, { method: options.method ?? 'GET', headers: options.headers, body: options.body, dispatcher: options.dispatcher });
  const body = Buffer.from(await response.body.arrayBuffer());
  const codeHeader = response.headers['x-gateway-result-code'];
  return { status: response.statusCode, headers: response.headers, body, code: Number(codeHeader), json: parseJson(body) };
}

/** Narrows an answer's JSON to the gateway error body. */
export function errorBody(answer: Answer): GatewayErrorBody {
  return answer.json as GatewayErrorBody;
}

/**
 * Polls `probe` until it returns a truthy value and returns that value; fails after `bound` tries
 * 20 ms apart (a bound on work, not a timing assertion).
 */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, bound = 250): Promise<NonNullable<T>> {
  let last: T | undefined;
  for (let i = 0; i < bound; i++) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what} (last value: ${String(last)})`);
}

/** Lines of gantry-digest.log so far ('' when the file does not exist yet). */
export async function digestLines(logDir: string): Promise<string[]> {
  const text = await readFile(join(logDir, 'gantry-digest.log'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.length > 0);
}

/** Field `n` (1-based) of a digest line, as the digest format numbers them. */
export function digestField(line: string, n: number): string {
  const open = line.indexOf('](');
  const fields = line.slice(open + 2, line.lastIndexOf(')')).split(',');
  return fields[n - 1] ?? '';
}

/** Registers cleanups run after each test, newest first, each one even if an earlier one fails. */
export function useCleanup(): <T extends { close(): Promise<void> | void }>(resource: T) => T {
  const pending: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const close of pending.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  });
  return (resource) => {
    pending.push(() => resource.close());
    return resource;
  };
}

/** A test gateway adapted to `useCleanup` (its `stop` becomes `close`). */
export function closable<T extends { stop(): Promise<void> }>(gateway: T): T & { close(): Promise<void> } {
  return Object.assign(gateway, { close: () => gateway.stop() });
}

/** A client dispatcher of its own, so a test controls (and closes) its connections to the gateway. */
export function newClient(connections = 1): Agent {
  return new Agent({ connections, keepAliveTimeout: 10_000 });
}

/** An HTTP upstream that counts the connections it accepted and still has open. */
export interface CountingUpstream {
  readonly url: string;
  /** Connections accepted since start. */
  readonly accepted: number;
  /** Connections open right now. */
  readonly open: number;
  /** Requests answered. */
  readonly requests: number;
  close(): Promise<void>;
}

/** Starts a counting upstream; `handle` reads the request and answers (default: drain, 200 "ok"). */
export async function startCountingUpstream(handle?: (request: IncomingMessage, response: ServerResponse) => void): Promise<CountingUpstream> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    if (handle) return handle(req, res);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() { return accepted; },
    get open() { return sockets.size; },
    get requests() { return requests; },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
