import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManagedChild } from './children.js';

/** What one probe request saw. */
export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Sends one request on a fresh connection (agent: false) so probes never leave idle keep-alive
 * sockets open on the proxy while it is being measured.
 */
export function probeHttp(
  url: string,
  method: 'GET' | 'POST' = 'GET',
  body?: Buffer,
  timeoutMs = 2000,
): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = String(body.length);
    }
    const req = request(url, { method, agent: false, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Polls `url` until it answers `expectStatus`, the child exits, or `timeoutMs` passes. Resolves on
 * success; rejects with an Error that carries the child's last output so a failed row explains itself.
 */
export async function waitUntilReady(
  url: string,
  child: ManagedChild | null,
  timeoutMs: number,
  expectStatus = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child?.hasExited() === true) {
      const exit = await child.exited;
      throw new Error(
        `${child.name} exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before ready: ${tailLine(child)}`,
      );
    }
    try {
      const res = await probeHttp(url, 'GET', undefined, 1000);
      if (res.status === expectStatus) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  const output = child === null ? '' : `; output: ${tailLine(child)}`;
  throw new Error(`not ready after ${timeoutMs} ms at ${url} (${last})${output}`);
}

/** Squashes a child's output tail to one short line fit for a table note. */
export function tailLine(child: ManagedChild, maxChars = 400): string {
  const text = child.outputTail().replace(/\s+/g, ' ').trim();
  if (text === '') return '(no output)';
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}
