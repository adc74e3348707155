import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAutocannon } from './autocannon-runner.js';
import { spawnManaged } from './children.js';
import type { RunContext } from './context.js';
import { pinnedCommand } from './pinning.js';
import type { Scenario } from './scenarios.js';
import type { LoadResult } from './types.js';
import { parseWrkResult, wrkLuaScript, type WrkBody } from './wrk-script.js';

/** One load run: where, what shape, how long, how many connections. */
export interface LoadRun {
  url: string;
  scenario: Scenario;
  durationS: number;
  connections: number;
}

/** A load generator pinned to the load CPU. */
export interface LoadGenerator {
  /** e.g. "wrk 4.1.0" or "autocannon 8.0.0", for the report. */
  readonly description: string;
  run(run: LoadRun): Promise<LoadResult>;
}

/** Extra seconds a load run may take past its duration before it is killed. */
const OVERRUN_S = 15;

/** wrk when installed (C, one thread, far cheaper per request than any Node client), else autocannon. */
export function pickLoadGenerator(ctx: RunContext, allowWrk = true): LoadGenerator {
  const fallback: LoadGenerator = {
    description: `autocannon 8 (${allowWrk ? 'wrk not installed' : 'wrk disabled'})`,
    run: (run) => runAutocannon(ctx, run, OVERRUN_S),
  };
  if (!allowWrk) return fallback;
  const version = installedWrkVersion();
  return version !== null ? wrkGenerator(ctx, version) : fallback;
}

/** The installed wrk's version (e.g. "4.2.0", "debian/4.1.0-3+b2"), or null when there is none. */
export function installedWrkVersion(): string | null {
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  const banner = `${probe.stdout ?? ''}${probe.stderr ?? ''}`;
  // e.g. "wrk 4.2.0 [epoll] …" or "wrk debian/4.1.0-3+b2 [epoll] …"; `-v` exits 1 after the usage text.
  const version = /^wrk\s+(\S+)/m.exec(banner)?.[1];
  return probe.error === undefined && version !== undefined ? version : null;
}

/** One wrk run (one thread, pinned to `loadCpu`): where, what, how hard, how long. */
export interface WrkRun {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body: number | WrkBody;
  readonly connections: number;
  readonly durationS: number;
}

/** Runs wrk once with our result script (written into `tmpDir`) and parses its result line. */
export async function runWrk(tmpDir: string, loadCpu: number | null, run: WrkRun): Promise<LoadResult> {
  const bodyName = typeof run.body === 'number' ? String(run.body) : `text-${String(run.body.text.length)}`;
  const script = join(tmpDir, `wrk-${run.method}-${bodyName}.lua`);
  writeFileSync(script, wrkLuaScript(run.method, run.body));
  // wrk only takes whole seconds.
  const seconds = Math.max(1, Math.ceil(run.durationS));
  const args = ['-t1', `-c${run.connections}`, `-d${seconds}s`, '--latency', '--timeout', '5s', '-s', script];
  const cmd = pinnedCommand(loadCpu, 'wrk', [...args, run.url]);
  const child = spawnManaged('wrk', cmd.command, cmd.args);
  let stdout = '';
  child.process.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const guard = setTimeout(() => void child.stop(500), (seconds + OVERRUN_S) * 1000);
  const exit = await child.exited;
  clearTimeout(guard);
  await child.stop();
  if (exit.code !== 0) {
    throw new Error(`wrk exited with ${String(exit.code ?? exit.signal)}: ${child.outputTail().slice(-300)}`);
  }
  return parseWrkResult(stdout);
}

function wrkGenerator(ctx: RunContext, version: string): LoadGenerator {
  return {
    description: `wrk ${version} (-t1)`,
    run: (run: LoadRun): Promise<LoadResult> => runWrk(ctx.tmpDir, ctx.cpu.loadCpu, {
      url: run.url + run.scenario.path,
      method: run.scenario.method,
      body: run.scenario.bodyBytes,
      connections: run.connections,
      durationS: run.durationS,
    }),
  };
}
