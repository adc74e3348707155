/**
 * Runs the real `gantry` binary (`node dist/ops/cli/main.js`) for suites that drive it: builds the
 * dist tree first when a source file is newer than it, and gives each run its own environment.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MAIN = join(ROOT, 'dist/ops/cli/main.js');

const SOURCE_DIRS = ['core', 'bus', 'ops', 'plugins', 'sdk'];

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(MAIN) || !existsSync(join(ROOT, 'dist/ops/node/start-nats-node.js'))) return true;
  const built = statSync(MAIN).mtimeMs;
  return SOURCE_DIRS.some((dir) => existsSync(join(ROOT, dir)) && newestSourceMs(join(ROOT, dir)) > built);
}

/**
 * Builds dist when it is missing or older than the sources. Suites run in parallel workers, so one
 * builds while the others wait on a lock directory (mkdir is atomic).
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, 'dist', '.gantry-test-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    if (!isStale()) return;
    try {
      mkdirSync(lock);
    } catch {
      // A lock left by a run killed mid-build would block every later run: a build takes < 2 min.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (isStale()) {
        // Type errors in files other suites are editing must not stop the emit: tsc emits anyway.
        try {
          execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
        } catch {
          // checked below
        }
      }
    } finally {
      rmdirSync(lock);
    }
    if (!existsSync(MAIN)) throw new Error('the build did not produce dist/ops/cli/main.js');
    return;
  }
}

/** How a run ended. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `gantry` process with its output so far. */
export interface Running {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<Finished>;
}

/** Starts `gantry args…` with `env` laid over this process's environment. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => { output.stdout += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { output.stderr += chunk.toString('utf8'); });
  const exited = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  return { child, output, exited };
}

/** Runs `gantry args…` to the end. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return startCli(args, env).exited;
}

/** Kills a process that is still running and waits for it. */
export async function killCli(running: Running): Promise<void> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  await running.exited;
}

/** A port free right now (bound to 0, read, released): for a listener, or as a port nobody answers on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
