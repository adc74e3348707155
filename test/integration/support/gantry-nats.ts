/**
 * A nats-server of the test's own running the shipped example config (ops/nats/nats-server.conf)
 * on a free port with a throw-away store: the config reads its store directory and passwords from
 * the environment, so the file itself is what is tested, unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { isPortOpen } from '../../support/nats-server.js';
import { freePort } from '../../bus/support/restartable-nats.js';

/** The example config, as shipped. */
export const gantryNatsConfigPath = fileURLToPath(new URL('../../../ops/nats/nats-server.conf', import.meta.url));

/** The users of the example config. */
export type GantryNatsUser = 'ops' | 'viewer' | 'node';

/** Passwords the test gives the server through the environment (test values, not examples to copy). */
export const gantryNatsPasswords: Readonly<Record<GantryNatsUser, string>> = {
  ops: 'test-ops-password',
  viewer: 'test-viewer-password',
  node: 'test-node-password',
};

export interface GantryNats {
  readonly url: string;
  /** Connects as one of the users; bounded connect, no reconnects (the server never restarts). */
  connectAs(user: GantryNatsUser, password?: string): Promise<NatsConnection>;
  /** What the server wrote to stderr: shown when it fails to start. */
  readonly log: () => string;
  stop(): Promise<void>;
}

function natsServerBinary(): string {
  const candidates = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];
  return candidates.find((path) => existsSync(path)) ?? 'nats-server';
}

/** Starts nats-server with the example config; resolves once it accepts connections. */
export async function startGantryNats(): Promise<GantryNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'gantry-perm-nats-'));
  // The server parses each value as config text: quoted, a value is always a plain string.
  const env = {
    ...process.env,
    GANTRY_NATS_STORE_DIR: JSON.stringify(storeDir),
    GANTRY_NATS_OPS_PASSWORD: JSON.stringify(gantryNatsPasswords.ops),
    GANTRY_NATS_VIEWER_PASSWORD: JSON.stringify(gantryNatsPasswords.viewer),
    GANTRY_NATS_NODE_PASSWORD: JSON.stringify(gantryNatsPasswords.node),
  };
  // -a/-p override the config's `listen`; everything else comes from the file.
  const child: ChildProcess = spawn(natsServerBinary(), ['-c', gantryNatsConfigPath, '-a', '127.0.0.1', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString('utf8'); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(storeDir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 200 && !(await isPortOpen(port)); attempt++) {
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!(await isPortOpen(port))) {
    await stop();
    throw new Error(`nats-server with ${gantryNatsConfigPath} did not start:\n${log}`);
  }
  const url = `nats://127.0.0.1:${port}`;
  return {
    url,
    connectAs: (user, password = gantryNatsPasswords[user]) =>
      connect({ servers: url, user, pass: password, name: `perm-test-${user}`, timeout: 3000, maxReconnectAttempts: 0 }),
    log: () => log,
    stop,
  };
}
