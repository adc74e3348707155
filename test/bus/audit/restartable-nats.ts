/**
 * A JetStream nats-server for tests that stop and restart NATS: it keeps one port and one store
 * directory across restarts, so streams and their messages survive like on a real host.
 * (test/support/nats-server.ts starts a server with a throw-away store, which a restart would lose.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPortOpen } from '../../support/nats-server.js';

/** Resolves a TCP port that was free a moment ago (bound on port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function natsServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server 2>/dev/null'], { encoding: 'utf8' });
  return found.stdout.trim().split('\n')[0] || 'nats-server';
}

async function waitForPort(port: number, open: boolean): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await isPortOpen(port)) === open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nats-server on port ${port} did not ${open ? 'start' : 'stop'}`);
}

/** One nats-server that can be stopped and started again with the same port and store. */
export class RestartableNats {
  readonly storeDir = mkdtempSync(join(tmpdir(), 'gantry-audit-nats-'));
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  /** Starts a server on a free port. */
  static async start(): Promise<RestartableNats> {
    const nats = new RestartableNats(await freePort());
    await nats.resume();
    return nats;
  }

  /** `127.0.0.1:<port>`, for `connect({ servers })`. */
  get url(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the server again (same port, same store); resolves once it listens. */
  async resume(): Promise<void> {
    if (this.child) return;
    const child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    this.child = child;
    await waitForPort(this.port, true);
  }

  /** Stops the server (clients see a disconnect); resolves once the process exited. */
  async pause(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await waitForPort(this.port, false);
  }

  /** Stops the server and removes its store. */
  async destroy(): Promise<void> {
    await this.pause();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
