/**
 * Micro-benchmark of the RPC wire codecs (core/protocol): µs for one whole call — encode the
 * request, decode it, encode the answer, decode it — of a typical ~1 KiB SOFARPC / Dubbo call,
 * from JSON arguments to frame bytes and back to JSON. Baselines in the same run: the same payload
 * through JSON.stringify/parse, sofa-bolt-node's own codec, and — Hessian bodies only — hessian.js
 * 2.11 against Gantry's Hessian encoder/decoder. Target (issue 6): a 1 KiB call
 * encodes and decodes in at most 20 µs.
 *
 * Rounds are interleaved across cases and the median round is reported, so background load on a
 * shared machine lands on every case alike. Each round is timed twice: CPU time of this process
 * (process.cpuUsage, little affected by other processes on a busy machine) and wall time.
 *
 * Run: `npm run bench:codec` (builds, then `node dist/ops/bench/codec-bench.js`).
 * Optional: `--rounds=N` (default 21) and `--batch=N` calls per round (default 2,000).
 */
import {
  gantryDubboCase,
  gantryHessianBodyCase,
  gantryProtobufCase,
  gantrySofaCase,
  hessianJsBodyCase,
  jsonCase,
  sofaBoltNodeCase,
  type CodecCase,
} from './codec-cases.js';

const TARGET_MICROS = 20;

function numericArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? Number.NaN : Number(arg.slice(name.length + 3));
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface Row {
  label: string;
  wireBytes: number;
  /** CPU µs per call, median round. */
  cpuMicros: number;
  /** Wall-clock µs per call, median round. */
  wallMicros: number;
}

function measure(cases: readonly CodecCase[], rounds: number, batch: number): Row[] {
  const cpu = cases.map(() => [] as number[]);
  const wall = cases.map(() => [] as number[]);
  let sink = 0;
  for (const c of cases) for (let i = 0; i < batch; i++) sink += c.run(); // warm-up: JIT and caches
  for (let round = 0; round < rounds; round++) {
    cases.forEach((c, index) => {
      const cpuStart = process.cpuUsage();
      const wallStart = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) sink += c.run();
      const wallNanos = Number(process.hrtime.bigint() - wallStart);
      const used = process.cpuUsage(cpuStart);
      cpu[index]?.push((used.user + used.system) / batch);
      wall[index]?.push(wallNanos / 1e3 / batch);
    });
  }
  if (sink === -1) console.log('unreachable', sink);
  return cases.map((c, index) => ({
    label: c.label,
    wireBytes: c.wireBytes,
    cpuMicros: median(cpu[index] ?? []),
    wallMicros: median(wall[index] ?? []),
  }));
}

function printTable(rows: readonly Row[]): void {
  const json = rows.find((r) => r.label.startsWith('baseline JSON'));
  const header = ['case', 'wire bytes (req+res)', 'CPU µs/call', 'wall µs/call', '× JSON (CPU)', `≤ ${TARGET_MICROS} µs (CPU)`];
  const lines = rows.map((r) => [
    r.label,
    String(r.wireBytes),
    r.cpuMicros.toFixed(1),
    r.wallMicros.toFixed(1),
    json ? (r.cpuMicros / json.cpuMicros).toFixed(2) : '—',
    r.label.startsWith('gantry ') ? (r.cpuMicros <= TARGET_MICROS ? 'yes' : 'no') : '',
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

const rounds = numericArg('rounds', 21);
const batch = numericArg('batch', 2000);
const cases = [
  gantrySofaCase('4.x', true),
  gantrySofaCase('4.x'),
  gantrySofaCase('3.x'),
  gantryDubboCase(),
  gantryProtobufCase(),
  gantryHessianBodyCase(),
  hessianJsBodyCase(),
  sofaBoltNodeCase(),
  jsonCase(),
];
console.log(`codec-bench: node ${process.version}, ${rounds} rounds x ${batch} calls; a call = encode+decode of request and response\n`);
printTable(measure(cases, rounds, batch));
