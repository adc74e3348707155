import { join } from 'node:path';
import { spawnManaged } from './children.js';
import type { RunContext } from './context.js';
import type { LoadRun } from './load-generator.js';
import { pinnedCommand } from './pinning.js';
import type { LoadResult } from './types.js';

/** Prefix of the line the autocannon worker prints with its result as JSON. */
export const AUTOCANNON_RESULT_MARKER = 'GANTRY_AUTOCANNON_RESULT ';

/** What the parent sends the worker, as one JSON argument. */
export interface AutocannonJob {
  url: string;
  method: 'GET' | 'POST';
  bodyBytes: number;
  durationS: number;
  connections: number;
}

/**
 * Runs autocannon in its own process pinned to the load CPU: in this process it would share a core
 * with nothing useful and, worse, be unpinnable apart from the orchestrator.
 */
export async function runAutocannon(ctx: RunContext, run: LoadRun, overrunS: number): Promise<LoadResult> {
  const job: AutocannonJob = {
    url: run.url + run.scenario.path,
    method: run.scenario.method,
    bodyBytes: run.scenario.bodyBytes,
    durationS: run.durationS,
    connections: run.connections,
  };
  const worker = join(ctx.benchDir, 'autocannon-worker.js');
  const cmd = pinnedCommand(ctx.cpu.loadCpu, process.execPath, [worker, JSON.stringify(job)]);
  const child = spawnManaged('autocannon', cmd.command, cmd.args);
  let stdout = '';
  child.process.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const guard = setTimeout(() => void child.stop(500), (run.durationS + overrunS) * 1000);
  const exit = await child.exited;
  clearTimeout(guard);
  await child.stop();
  const line = stdout.split('\n').find((l) => l.startsWith(AUTOCANNON_RESULT_MARKER));
  if (exit.code !== 0 || line === undefined) {
    throw new Error(`autocannon worker failed (${String(exit.code ?? exit.signal)}): ${child.outputTail().slice(-300)}`);
  }
  return JSON.parse(line.slice(AUTOCANNON_RESULT_MARKER.length)) as LoadResult;
}
