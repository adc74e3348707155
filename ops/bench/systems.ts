import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnManaged, type ChildExit, type ManagedChild } from './children.js';
import type { RunContext } from './context.js';
import { freePort } from './free-port.js';
import { gantryBenchConfigYaml, type GantryProfile } from './gantry-config.js';
import { tailLine, waitUntilReady } from './http-probe.js';
import { nginxArgs, proxyNginxConf } from './nginx.js';
import { pinnedCommand } from './pinning.js';
import type { ScenarioName, SystemName } from './types.js';
import type { Upstream } from './upstream.js';

/** A system that is up and answering. */
export interface RunningSystem {
  /** Base URL the load goes to. */
  url: string;
  /** Process whose CPU is charged to the rows; null when there is no proxy (direct). */
  cpuPid: number | null;
  /** If the system's process has died, how and its last output, to explain a failed row; else null. */
  deathNote(): string | null;
  stop(): Promise<void>;
}

/** One start of a system, serving some scenarios before it is stopped. */
export interface Launch {
  scenarios: readonly ScenarioName[];
  start(ctx: RunContext, upstream: Upstream): Promise<RunningSystem>;
}

/** A system under test: how to start it, for which scenarios. */
export interface SystemUnderTest {
  name: SystemName;
  launches: readonly Launch[];
  /** Why this system cannot run on this machine (its rows become "skipped"), or null. */
  unavailableReason(ctx: RunContext): string | null;
}

const PEER_READY_TIMEOUT_MS = 10_000;
const GANTRY_READY_TIMEOUT_MS = 30_000;
const PLAIN_SCENARIOS: readonly ScenarioName[] = ['get-100B', 'post-4KiB'];

/** Every system, in run order. Each launch is started alone, measured, and stopped before the next. */
export function systemsUnderTest(): SystemUnderTest[] {
  return [
    {
      name: 'direct',
      unavailableReason: availableEverywhere,
      launches: [{ scenarios: PLAIN_SCENARIOS, start: async (_ctx, up) => ({ url: up.url, cpuPid: null, deathNote: () => null, stop: async () => undefined }) }],
    },
    nodePeer('minimal-forwarder'),
    nodePeer('reply-from'),
    nodePeer('fast-gateway'),
    {
      name: 'nginx-proxy',
      unavailableReason: (ctx) => (ctx.nginx === null ? 'nginx not installed' : null),
      launches: [{ scenarios: PLAIN_SCENARIOS, start: startNginxProxy }],
    },
    {
      name: 'gantry',
      unavailableReason: availableEverywhere,
      launches: [
        { scenarios: PLAIN_SCENARIOS, start: (ctx, up) => startGantry(ctx, up, 'plain') },
        { scenarios: ['get-100B+plugins'], start: (ctx, up) => startGantry(ctx, up, 'plugins') },
      ],
    },
  ];
}

/** A Node peer whose entry script is peers/<name>.js, taking `<port> <upstream-url>`. */
function nodePeer(name: 'minimal-forwarder' | 'reply-from' | 'fast-gateway'): SystemUnderTest {
  return {
    name,
    unavailableReason: availableEverywhere,
    launches: [
      {
        scenarios: PLAIN_SCENARIOS,
        async start(ctx, upstream) {
          const port = await freePort();
          const script = join(ctx.benchDir, 'peers', `${name}.js`);
          const cmd = pinnedCommand(ctx.cpu.proxyCpu, process.execPath, [script, String(port), upstream.url]);
          const child = spawnManaged(name, cmd.command, cmd.args, { ...process.env, NODE_ENV: 'production' });
          return readyOrStopped(child, `http://127.0.0.1:${port}`, `http://127.0.0.1:${port}/`, PEER_READY_TIMEOUT_MS);
        },
      },
    ],
  };
}

function availableEverywhere(): null {
  return null;
}

async function startNginxProxy(ctx: RunContext, upstream: Upstream): Promise<RunningSystem> {
  if (ctx.nginx === null) throw new Error('nginx not installed');
  const port = await freePort();
  const prefix = join(ctx.tmpDir, 'nginx-proxy');
  mkdirSync(prefix, { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, proxyNginxConf(prefix, port, upstream.port));
  const cmd = pinnedCommand(ctx.cpu.proxyCpu, ctx.nginx.binary, nginxArgs(prefix, conf));
  const child = spawnManaged('nginx-proxy', cmd.command, cmd.args);
  return readyOrStopped(child, `http://127.0.0.1:${port}`, `http://127.0.0.1:${port}/`, PEER_READY_TIMEOUT_MS);
}

/**
 * The compiled gateway CLI: next to the compiled bench (dist/ops/cli) when run from dist, else the
 * repo's dist; BENCH_GANTRY_MAIN overrides both.
 */
export function gantryMainPath(ctx: RunContext): string {
  const override = process.env.BENCH_GANTRY_MAIN;
  if (override !== undefined && override !== '') return override;
  const sibling = join(ctx.benchDir, '..', 'cli', 'main.js');
  return existsSync(sibling) ? sibling : join(ctx.repoRoot, 'dist', 'ops', 'cli', 'main.js');
}

async function startGantry(ctx: RunContext, upstream: Upstream, profile: GantryProfile): Promise<RunningSystem> {
  const main = gantryMainPath(ctx);
  if (!existsSync(main)) throw new Error(`${main} not found (is the gateway CLI built?)`);
  const [httpPort, adminPort] = [await freePort(), await freePort()];
  const dir = join(ctx.tmpDir, `gantry-${profile}`);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const config = join(dir, 'gantry.yaml');
  writeFileSync(config, gantryBenchConfigYaml(profile, upstream.url, httpPort, adminPort));
  const args = [main, 'serve', '--config', config, '--http-port', String(httpPort), '--admin-port', String(adminPort), '--log-dir', logDir];
  const cmd = pinnedCommand(ctx.cpu.proxyCpu, process.execPath, args);
  const child = spawnManaged(`gantry (${profile})`, cmd.command, cmd.args, { ...process.env, NODE_ENV: 'production' });
  return readyOrStopped(child, `http://127.0.0.1:${httpPort}`, `http://127.0.0.1:${adminPort}/readyz`, GANTRY_READY_TIMEOUT_MS);
}

/** Waits for readiness; on failure stops the child so that no proxy outlives its failed row. */
export async function readyOrStopped(child: ManagedChild, url: string, readyUrl: string, timeoutMs: number): Promise<RunningSystem> {
  try {
    await waitUntilReady(readyUrl, child, timeoutMs);
  } catch (err) {
    await child.stop();
    throw err;
  }
  let exit: ChildExit | null = null;
  void child.exited.then((e) => {
    exit = e;
  });
  return {
    url,
    cpuPid: child.pid,
    deathNote: () =>
      exit === null ? null : `${child.name} died (code ${String(exit.code)}, signal ${String(exit.signal)}): ${tailLine(child)}`,
    stop: async () => {
      await child.stop();
    },
  };
}
