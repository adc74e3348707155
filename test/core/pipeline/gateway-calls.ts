/**
 * Client-side helpers for suites that drive a real gateway: one HTTP call on its own connection, a
 * raw TCP exchange for what `node:http` refuses to send, bounded polling and metric reading.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** What a test needs of an answer. */
export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The gateway's result code header, as a number (NaN when absent). */
  readonly resultCode: number;
  json<T = Record<string, unknown>>(): T;
}

export interface CallOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/**
 * One call on a fresh connection (no agent, so no keep-alive socket outlives the test). `target` is
 * `http://127.0.0.1:<port>` plus the path exactly as it goes on the wire (dot segments kept).
 */
export function call(base: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.headers['x-gateway-result-code'];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            resultCode: typeof code === 'string' ? Number(code) : Number.NaN,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** A raw answer read off a socket: the head parsed, the body as far as Content-Length says. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Resolves when the server closed (or reset) the connection. */
  readonly closed: Promise<void>;
}

/** Opens a TCP connection to the gateway's HTTP port. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `bytes` and reads one HTTP/1.1 answer. Rejects if the server
 * closes the connection before a whole answer arrived.
 */
export async function rawExchange(port: number, bytes: string | Buffer, socket?: Socket): Promise<RawAnswer & { socket: Socket }> {
  const conn = socket ?? (await openSocket(port));
  const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()));
  conn.on('error', () => undefined);
  const answer = readAnswer(conn);
  conn.write(bytes);
  return { ...(await answer), closed, socket: conn };
}

/** Reads one answer (Content-Length or chunked body) from `socket`, whatever was written on it. */
export function readAnswer(socket: Socket): Promise<Omit<RawAnswer, 'closed'>> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = buffered.subarray(end + 4);
      let body: string | undefined;
      if (headers['transfer-encoding'] === 'chunked') {
        body = dechunked(rest);
      } else {
        const length = Number(headers['content-length'] ?? '0');
        if (rest.length >= length) body = rest.subarray(0, length).toString('utf8');
      }
      if (body === undefined) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    };
    const onClose = (): void => reject(new Error(`connection closed before a whole answer; got ${JSON.stringify(buffered.toString('latin1'))}`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** A chunked body decoded, or undefined while its last chunk has not arrived. */
function dechunked(data: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return data.indexOf('\r\n', lineEnd + 2) < 0 ? undefined : Buffer.concat(parts).toString('utf8');
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * Polls `probe` until it returns a value other than undefined, at most `timeoutMs` (a bound for a
 * broken test, never a timing assertion).
 */
export async function pollUntil<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The value of one sample in Prometheus text: `name{labels}` where every given label matches;
 * undefined when absent.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) found[pair[1] as string] = pair[2] as string;
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[4]);
  }
  return undefined;
}
