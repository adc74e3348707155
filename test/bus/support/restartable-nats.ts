/**
 * A nats-server of the test's own, on a free port, that can be stopped and started again with its
 * JetStream store kept: what a real outage looks like to a node (test/support/nats-server.ts
 * throws the store away on stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPortOpen } from '../../support/nats-server.js';

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function natsServerBinary(): string {
  const candidates = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];
  return candidates.find((path) => existsSync(path)) ?? 'nats-server';
}

/** A server that is not running until `start`. */
export interface RestartableNats {
  readonly port: number;
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  /** Starts the server (same port, same store); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server, keeping its store. */
  stop(): Promise<void>;
  /** Stops it if running and deletes the store. */
  dispose(): Promise<void>;
}

async function waitForPort(port: number, open: boolean): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await isPortOpen(port)) === open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`port ${port} did not ${open ? 'open' : 'close'}`);
}

/** Prepares a server on a free port with a store of its own; call `start` to run it. */
export async function createRestartableNats(): Promise<RestartableNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'gantry-bus-nats-'));
  let child: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    const running = child;
    if (running === undefined) return;
    child = undefined;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGTERM');
    await exited;
    await waitForPort(port, false);
  };
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    async start() {
      if (child !== undefined) return;
      child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
      await waitForPort(port, true);
    },
    stop,
    async dispose() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
