import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_PORT = 4222;

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function natsServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server 2>/dev/null'], { encoding: 'utf8' });
  const path = found.stdout.trim().split('\n')[0];
  if (path) return path;
  // Why: CI runs on a fresh machine that may lack the package; Debian ships it as `nats-server`.
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server'], { stdio: 'inherit' });
  return '/usr/sbin/nats-server';
}

/** Starts a JetStream nats-server on the given port with a throw-away store; resolves once it listens. */
export async function startNatsServer(port: number): Promise<{ process: ChildProcess; stop: () => Promise<void> }> {
  const storeDir = mkdtempSync(join(tmpdir(), 'gantry-nats-'));
  const child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await isPortOpen(port)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(storeDir, { recursive: true, force: true });
  };
  return { process: child, stop };
}

/** Ensures the shared test NATS on 4222; returns how to stop it if this call started it. */
export async function ensureNatsServer(): Promise<() => Promise<void>> {
  if (await isPortOpen(DEFAULT_PORT)) return async () => {};
  const started = await startNatsServer(DEFAULT_PORT);
  return started.stop;
}
