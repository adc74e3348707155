/**
 * The child processes of `rpc-bench.ts`: the upstream peers (an HTTP echo server, a sofa-rpc-node
 * SOFARPC provider, a sofa-rpc-node + dubbo-remoting Dubbo provider) and, one process per row, the
 * load generator — all off the gateway's process so the gateway has its event loop to itself.
 * Driven over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Pool } from 'undici';
import { startMinimalBoltPeer } from './minimal-bolt-peer.js';
import { BENCH_SERVICE } from './rpc-bench-service.js';

const require = createRequire(import.meta.url);

interface Consumer { ready(): Promise<void>; invoke(method: string, args: unknown[], options: object): Promise<unknown> }
interface RpcClientLike { createConsumer(options: object): Consumer; close(): Promise<void> }
interface RpcServerLike { publishPort: number; addService(info: object, delegate: object): void; start(): Promise<void>; close(): Promise<void>; on(event: string, listener: () => void): void }
interface SofaModule {
  server: { RpcServer: new (options: object) => RpcServerLike };
  client: { RpcClient: new (options: object) => RpcClientLike };
}

const sofa = require('sofa-rpc-node') as SofaModule;
const dubboProtocol: unknown = require('dubbo-remoting');
// Java's Hessian dialect (sofa-bolt-node defaults to a draft one); see docs/rpc.md.
(require('sofa-bolt-node') as { setHessianVersion(version: string): void }).setHessianVersion('4.0');
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** Where one scenario's load goes. */
export type LoadTarget =
  | { readonly kind: 'http'; readonly origin: string; readonly path: string }
  | { readonly kind: 'bolt' | 'dubbo'; readonly address: string; readonly service: string };

export interface LoadRequest { readonly target: LoadTarget; readonly concurrency: number; readonly durationMs: number; readonly text: string }
export interface LoadResult { readonly calls: number; readonly errors: number; readonly seconds: number; readonly p50Ms: number; readonly p99Ms: number }


async function startPeers(): Promise<{ http: number; bolt: number; boltMinimal: number; dubbo: number; close: () => Promise<void> }> {
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { text } = JSON.parse(Buffer.concat(chunks).toString()) as { text: string };
      const body = JSON.stringify(text);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const servers = [undefined, dubboProtocol].map((protocol) => {
    const server = new sofa.server.RpcServer({ logger, port: 0, killTimeout: 1000, ...(protocol === undefined ? {} : { protocol }) });
    server.on('error', () => undefined);
    server.addService({ interfaceName: BENCH_SERVICE, version: '1.0' }, { echo: async (text: unknown) => text });
    return server;
  });
  for (const server of servers) await server.start();
  const minimal = await startMinimalBoltPeer();
  return {
    http: (http.address() as AddressInfo).port,
    bolt: servers[0]?.publishPort ?? 0,
    boltMinimal: (minimal.address() as AddressInfo).port,
    dubbo: servers[1]?.publishPort ?? 0,
    close: async () => {
      http.close();
      minimal.close();
      for (const server of servers) await server.close();
    },
  };
}

async function callerFor(target: LoadTarget, text: string): Promise<{ call: () => Promise<unknown>; close: () => Promise<void> }> {
  if (target.kind === 'http') {
    const pool = new Pool(target.origin, { connections: 64 });
    const body = JSON.stringify({ text });
    return {
      call: async () => {
        const response = await pool.request({ method: 'POST', path: target.path, headers: { 'content-type': 'application/json' }, body });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
      },
      close: () => pool.close(),
    };
  }
  const client = new sofa.client.RpcClient({ logger, ...(target.kind === 'dubbo' ? { protocol: dubboProtocol } : {}) });
  const consumer = client.createConsumer({ interfaceName: target.service, version: '1.0', serverHost: target.address });
  await consumer.ready();
  const args = [{ $class: 'java.lang.String', $: text }];
  return { call: () => consumer.invoke('echo', args, { responseTimeout: 5000 }), close: () => client.close() };
}

/** Closed-loop load: `concurrency` callers, each sending its next call when the previous ends. */
async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const caller = await callerFor(request.target, request.text);
  for (let i = 0; i < 200; i++) await caller.call().catch(() => undefined); // warm-up
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + request.durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await caller.call();
        latencies.push(performance.now() - t0);
      } catch (error) {
        if (errors++ === 0) process.stderr.write(`rpc-bench peers: first error: ${String(error)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  await caller.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Number.NaN;
  return { calls: latencies.length, errors, seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Peers child: report the ports, serve until told to stop. */
export async function servePeers(): Promise<void> {
  const peers = await startPeers();
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'stop') void peers.close().finally(() => process.exit(0));
  });
  process.send?.({ cmd: 'ready', ports: { http: peers.http, bolt: peers.bolt, boltMinimal: peers.boltMinimal, dubbo: peers.dubbo } });
}

/**
 * Load child: one row's load, then exit. A process per row, because sofa-rpc-node's client leaves
 * work behind in its process after `close()` that slows everything run there later.
 */
export function serveLoad(): void {
  process.once('message', (message: { cmd: 'load'; request: LoadRequest }) => {
    runLoad(message.request).then(
      (result) => process.send?.({ cmd: 'result', result }, undefined, {}, () => process.exit(0)),
      (error: unknown) => process.send?.({ cmd: 'error', message: String(error) }, undefined, {}, () => process.exit(1)),
    );
  });
}
