/**
 * Throughput while switches flip: one node proxies `/p` to a node:http upstream (its own process);
 * autocannon (its own process) loads it for a window without flips, then a window while a timer
 * flips `gantry.log.level` (no effect on the API's path) ten times a second.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KV } from '@nats-io/kv';
import { writeChangeSet } from '../../../bus/index.js';
import { writeSwitch } from '../../../bus/switches/index.js';
import { BuiltinSwitchNames, builtinSwitches, GLOBAL_SCOPE } from '../../../core/switches/index.js';
import type { NatsNode } from '../../node/index.js';
import { AUTOCANNON_RESULT_MARKER, type AutocannonJob } from '../autocannon-runner.js';
import { spawnManaged } from '../children.js';
import { freePort } from '../free-port.js';
import { waitUntilReady } from '../http-probe.js';
import type { LoadResult } from '../types.js';
import { proxyDocument } from './bench-documents.js';
import { sleep } from './stats.js';

/** The two windows and the flips written during the second. */
export interface FlipThroughputResult {
  readonly quiet: LoadResult;
  readonly flipping: LoadResult;
  readonly flipsWritten: number;
}

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const meta = { actor: 'bench', reason: 'control-plane bench: throughput', kind: 'apply' } as const;

async function loadOnce(url: string, durationS: number, connections: number): Promise<LoadResult> {
  const job: AutocannonJob = { url, method: 'GET', bodyBytes: 0, durationS, connections };
  const child = spawnManaged('autocannon', process.execPath, [join(benchDir, 'autocannon-worker.js'), JSON.stringify(job)]);
  let stdout = '';
  child.process.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const guard = setTimeout(() => void child.stop(500), (durationS + 10) * 1000);
  const exit = await child.exited;
  clearTimeout(guard);
  const line = stdout.split('\n').find((l) => l.startsWith(AUTOCANNON_RESULT_MARKER));
  if (exit.code !== 0 || line === undefined) throw new Error(`autocannon failed (${String(exit.code ?? exit.signal)}): ${child.outputTail().slice(-300)}`);
  return JSON.parse(line.slice(AUTOCANNON_RESULT_MARKER.length)) as LoadResult;
}

/** Runs both windows against `node`, which must be the only node left on the plane. */
export async function measureFlipThroughput(configKv: KV, switchKv: KV, node: NatsNode, durationS: number, flipsPerSecond: number): Promise<FlipThroughputResult> {
  const port = await freePort();
  const upstream = spawnManaged('upstream (node)', process.execPath, [join(benchDir, 'peers', 'node-upstream.js'), String(port)]);
  try {
    await waitUntilReady(`http://127.0.0.1:${port}/`, upstream, 10_000);
    const written = await writeChangeSet(configKv, proxyDocument(`http://127.0.0.1:${port}`), meta);
    while (node.status().appliedRevision !== written.revision) await sleep(5);
    const url = `http://127.0.0.1:${node.gateway.httpPort}/p`;
    await waitUntilReady(url, null, 10_000);
    await loadOnce(url, 1, 32); // warm-up: JIT, pools
    const quiet = await loadOnce(url, durationS, 32);

    const definition = builtinSwitches.find((d) => d.name === BuiltinSwitchNames.logLevel);
    if (definition === undefined) throw new Error('gantry.log.level is not a built-in switch');
    let flipsWritten = 0;
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight) return; // a slow write skips a tick rather than piling up
      inFlight = true;
      const value = flipsWritten % 2 === 0 ? 'warn' : 'info';
      writeSwitch(switchKv, definition, { scope: GLOBAL_SCOPE }, value, { actor: 'bench', reason: 'throughput under flips' })
        .then(() => void flipsWritten++)
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
        });
    }, 1000 / flipsPerSecond);
    let flipping: LoadResult;
    try {
      flipping = await loadOnce(url, durationS, 32);
    } finally {
      clearInterval(timer);
    }
    return { quiet, flipping, flipsWritten };
  } finally {
    await upstream.stop();
  }
}
