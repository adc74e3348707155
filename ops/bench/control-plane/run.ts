/**
 * `npm run bench:control-plane`: three in-process nodes on one NATS with a plane of their own;
 * measures switch flip latency, the apply of 10,000 APIs and throughput while switches flip, prints
 * a table and writes it to ops/bench/out/control-plane-<timestamp>.md. See README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeChangeSet } from '../../../bus/index.js';
import { killAllChildren } from '../children.js';
import { measureApplyApis } from './apply-apis.js';
import { manyApisDocument } from './bench-documents.js';
import { openBenchPlane } from './bench-plane.js';
import { measureFlipLatency } from './flip-latency.js';
import { measureFlipThroughput } from './flip-throughput.js';
import { ms, reportTable, type ReportRow } from './report.js';
import { summarise } from './stats.js';

const NATS_URL = process.env.GANTRY_NATS ?? 'nats://127.0.0.1:4222';
const FLIPS = Number(process.env.BENCH_FLIPS ?? 200);
const APIS = Number(process.env.BENCH_APIS ?? 10_000);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
/** The whole run is cut off after this, whatever hangs. */
const RUN_LIMIT_MS = 5 * 60_000;
const writeMeta = { actor: 'bench', reason: 'control-plane bench: start', kind: 'apply' } as const;

async function runBench(): Promise<ReportRow[]> {
  const plane = await openBenchPlane(NATS_URL);
  const rows: ReportRow[] = [];
  try {
    await writeChangeSet(plane.configKv, manyApisDocument(1), writeMeta);
    const nodes = [];
    for (const id of ['n1', 'n2', 'n3']) nodes.push(await plane.startNode(id));

    const flips = await measureFlipLatency(plane.switchKv, nodes, FLIPS);
    const pair = summarise(flips.afterWrite);
    const all = summarise(flips.allApplied);
    const start = summarise(flips.fromStart);
    rows.push(
      { metric: `switch flip: write done → applied, per node (${flips.afterWrite.length} node-flips; 0 when applied before the ack) p50`, value: ms(pair.p50), target: '-', met: undefined },
      { metric: 'switch flip → applied, per node p99', value: ms(pair.p99), target: '≤ 50 ms', met: pair.p99 <= 50 },
      { metric: 'switch flip → applied, per node max', value: ms(pair.max), target: '-', met: undefined },
      { metric: `switch flip → applied on all 3 (${flips.allApplied.length} flips) p50 / p99 / max`, value: `${ms(all.p50)} / ${ms(all.p99)} / ${ms(all.max)}`, target: 'p99 ≤ 50 ms', met: all.p99 <= 50 },
      { metric: 'switch write start → applied, per node p50 / p99', value: `${ms(start.p50)} / ${ms(start.p99)}`, target: '-', met: undefined },
      { metric: 'flips not applied everywhere within 2 s', value: String(flips.missed), target: '0', met: flips.missed === 0 },
    );

    const apply = await measureApplyApis(plane.configKv, nodes, APIS);
    const applied = summarise(apply.appliedMs);
    rows.push(
      { metric: `writeChangeSet of ${apply.apis} APIs`, value: ms(apply.writeMs), target: '-', met: undefined },
      { metric: 'write done → commit applied, fastest of 3 nodes (all 3 share one event loop)', value: ms(Math.min(...apply.appliedMs)), target: '-', met: undefined },
      { metric: `write done → commit applied, slowest of 3 nodes`, value: ms(applied.max), target: '≤ 1000 ms', met: applied.max <= 1000 },
      { metric: `write done → last API answers on all 3 nodes`, value: ms(apply.servingMs), target: '≤ 1000 ms', met: apply.servingMs <= 1000 },
      { metric: 'write start → last API answers on all 3 nodes (write included)', value: ms(apply.fromStartServingMs), target: '-', met: undefined },
      { metric: `heap per 1,000 APIs per node${apply.heapCollected ? '' : ' (no gc: rough)'}`, value: `${(apply.heapPer1000 / 1024 / 1024).toFixed(2)} MiB`, target: '-', met: undefined },
    );

    // Throughput on one node: the other two would compete for the same CPUs.
    const [first, ...others] = nodes;
    if (first === undefined) throw new Error('no node started');
    await Promise.all(others.map((node) => node.stop('throughput run')));
    const load = await measureFlipThroughput(plane.configKv, plane.switchKv, first, LOAD_SECONDS, 10);
    const ratio = load.flipping.rps / load.quiet.rps;
    rows.push(
      { metric: `RPS, no flips (${LOAD_SECONDS} s, 32 conns)`, value: load.quiet.rps.toFixed(0), target: '-', met: undefined },
      { metric: `RPS, flipping 10/s (${load.flipsWritten} flips written)`, value: load.flipping.rps.toFixed(0), target: '-', met: undefined },
      { metric: 'RPS ratio flipping / no flips', value: ratio.toFixed(3), target: '≥ 0.95', met: ratio >= 0.95 },
      { metric: 'errors (non-2xx + socket), both runs', value: String(load.quiet.non2xx + load.quiet.socketErrors + load.flipping.non2xx + load.flipping.socketErrors), target: '0', met: undefined },
    );
  } finally {
    await plane.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const limit = setTimeout(() => {
    process.stderr.write(`control-plane bench: over ${RUN_LIMIT_MS / 1000} s, giving up\n`);
    killAllChildren();
    process.exit(2);
  }, RUN_LIMIT_MS);
  limit.unref();
  const loadBefore = loadavg()[0] ?? 0;
  const rows = await runBench();
  const header = [
    '# Control-plane bench',
    '',
    `${new Date().toISOString()} — 3 in-process nodes, one NATS (${NATS_URL}); ${cpus().length} CPUs, Node ${process.version}, load average at start ${loadBefore.toFixed(2)}.`,
    '',
  ].join('\n');
  const text = `${header}${reportTable(rows)}\n`;
  process.stdout.write(text);
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'ops', 'bench', 'out');
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, `control-plane-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  await writeFile(file, text);
  process.stdout.write(`\nwritten to ${file}\n`);
  clearTimeout(limit);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`control-plane bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllChildren();
    process.exit(1);
  },
);
