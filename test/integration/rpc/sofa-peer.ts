/**
 * sofa-rpc-node as an independent SOFARPC peer: an RpcServer (Bolt, Hessian2) serving the echo and
 * calc services the tests call through the gateway, and an RpcClient calling the gateway's Bolt
 * front. The library ships no typings; the small surface used here is declared below.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type ServiceMethod = (...args: unknown[]) => Promise<unknown>;

interface SofaRequestEvent {
  readonly req: { readonly data: { readonly requestProps?: Record<string, unknown>; readonly methodName: string; readonly serverSignature: string } };
}

interface RpcServerLike {
  readonly publishPort: number;
  addService(info: { interfaceName: string; version?: string; uniqueId?: string }, delegate: Record<string, ServiceMethod>): void;
  start(): Promise<void>;
  close(): Promise<void>;
  on(event: 'request', listener: (event: SofaRequestEvent) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
}

interface ConsumerLike {
  ready(): Promise<void>;
  invoke(method: string, args: unknown[], options?: { responseTimeout?: number; requestProps?: Record<string, unknown> }): Promise<unknown>;
}

interface RpcClientLike {
  createConsumer(options: { interfaceName: string; version?: string; uniqueId?: string; serverHost: string }): ConsumerLike;
  close(): Promise<void>;
}

interface SofaModule {
  server: { RpcServer: new (options: Record<string, unknown>) => RpcServerLike };
  client: { RpcClient: new (options: Record<string, unknown>) => RpcClientLike };
}

const sofa = require('sofa-rpc-node') as SofaModule;

/**
 * sofa-bolt-node defaults to its "3.0" Hessian flavour (hessian.js 1.x: the draft Hessian 2 with
 * `O`/`o` class definitions), which Java SOFARPC does not write. "4.0" is Hessian 2 as Java speaks
 * it (`C` definitions), the dialect Gantry's codec speaks. The setting is process-wide.
 */
export function setSofaHessianVersion(version: '3.0' | '4.0'): void {
  (require('sofa-bolt-node') as { setHessianVersion(version: string): void }).setHessianVersion(version);
}
setSofaHessianVersion('4.0');

/** sofa-rpc-node insists on a logger; the tests keep it quiet. */
export const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

export interface SofaPeerServer {
  readonly port: number;
  /** requestProps of every call the server received, in order. */
  readonly seenProps: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The services every test uses; `delay` waits before answering (timeouts). */
export const echoService: Record<string, ServiceMethod> = {
  echo: async (text) => text,
  add: async (a, b) => (a as number) + (b as number),
  nothing: async () => null,
  zero: async () => 0,
  flag: async () => false,
  empty: async () => '',
  big: async () => ({ $class: 'long', $: '9007199254740993' }),
  user: async (user) => ({ $class: 'com.example.User', $: { ...(user as Record<string, unknown>), seen: true } }),
  fail: async (why) => {
    throw new Error(`refused: ${String(why)}`);
  },
  slow: async (ms) => {
    await new Promise((resolve) => setTimeout(resolve, ms as number));
    return 'late';
  },
};

/** Starts a sofa-rpc-node server on a free port serving `services` (interface → methods). */
export async function startSofaServer(services: Record<string, Record<string, ServiceMethod>>, options: { version?: string; uniqueId?: string; protocol?: unknown } = {}): Promise<SofaPeerServer> {
  const server = new sofa.server.RpcServer({ logger: quietLogger, port: 0, killTimeout: 1000, ...(options.protocol === undefined ? {} : { protocol: options.protocol }) });
  for (const [interfaceName, delegate] of Object.entries(services)) {
    server.addService({ interfaceName, version: options.version ?? '1.0', ...(options.uniqueId === undefined ? {} : { uniqueId: options.uniqueId }) }, delegate);
  }
  const seenProps: Record<string, unknown>[] = [];
  server.on('request', ({ req }) => seenProps.push(req.data.requestProps ?? {}));
  // Services that throw on purpose are reported as 'error' events; the default handler prints them.
  server.on('error', () => undefined);
  await server.start();
  return { port: server.publishPort, seenProps, close: () => server.close() };
}

export interface SofaPeerClient {
  call(method: string, args: unknown[], requestProps?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/** A sofa-rpc-node client calling `interfaceName` on `host:port` (the gateway's Bolt front, or a server). */
export async function startSofaClient(address: string, interfaceName: string, options: { version?: string; protocol?: unknown } = {}): Promise<SofaPeerClient> {
  const client = new sofa.client.RpcClient({ logger: quietLogger, ...(options.protocol === undefined ? {} : { protocol: options.protocol }) });
  const consumer = client.createConsumer({ interfaceName, version: options.version ?? '1.0', serverHost: address });
  await consumer.ready();
  return {
    call: (method, args, requestProps) => consumer.invoke(method, args, { responseTimeout: 3000, ...(requestProps === undefined ? {} : { requestProps }) }),
    close: () => client.close(),
  };
}

interface BoltEncoderLike { protocolType: string; boltVersion: number; crcEnable: boolean }

/**
 * sofa-bolt-node speaking Bolt v2 with the CRC32 trailer: its encoder supports it through three
 * settings (`protocolType: 'bolt2'`, `boltVersion: 2`, `crcEnable`) that sofa-rpc-node's client
 * does not expose, so the protocol object handed to the client sets them on every encoder.
 */
export function boltV2WithCrc(): unknown {
  const bolt = require('sofa-bolt-node') as Record<string, unknown> & { encoder(options: unknown): BoltEncoderLike };
  return {
    ...bolt,
    encoder(options: unknown): BoltEncoderLike {
      const encoder = bolt.encoder(options);
      encoder.protocolType = 'bolt2';
      encoder.boltVersion = 2;
      encoder.crcEnable = true;
      return encoder;
    },
  };
}

/** The message a sofa-rpc-node call rejected with (its client puts the remote errorMsg there). */
export async function rejectionMessage(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to fail');
}
