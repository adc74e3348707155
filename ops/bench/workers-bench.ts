/**
 * `npm run bench:workers`: `gantry serve` with 1 worker against `--workers 2`, same config, same
 * load, in one run, and a table of RPS and the ratio. The load generator (wrk when installed, else
 * autocannon in a child process) and the upstream are pinned apart from the gateway with taskset
 * where it works; the report says how the machine's cores were shared and what that can show.
 * Bounded: a short warm-up and a few seconds per row (BENCH_WARMUP_S, BENCH_DURATION_S, BENCH_CONNECTIONS).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { installCleanupHandlers, killAllChildren, spawnManaged, type ManagedChild } from './children.js';
import { compiledBenchDir, findRepoRoot, type RunContext } from './context.js';
import { cpuBusyMicros, processTreeCpuMicros } from './cpu-usage.js';
import { freePort } from './free-port.js';
import { gantryBenchConfig } from './gantry-config.js';
import { waitUntilReady } from './http-probe.js';
import { pickLoadGenerator, type LoadGenerator } from './load-generator.js';
import { findNginx } from './nginx.js';
import { pinThisProcess, planCpuPinning } from './pinning.js';
import { SCENARIOS, UPSTREAM_BODY } from './scenarios.js';
import { gantryMainPath } from './systems.js';
import type { LoadResult } from './types.js';
import { startUpstream, type Upstream } from './upstream.js';

/** What the gateway answers from: the upstream (a proxy hop) or a mock backend (gateway work only). */
type Backend = 'upstream' | 'mock';

/** One row: how many workers, on which CPUs. */
interface Layout {
  readonly label: string;
  readonly workers: number;
  /** taskset CPU list for the gateway's process tree; null: unpinned. */
  readonly cpus: string | null;
}

interface Row {
  readonly layout: Layout;
  readonly backend: Backend;
  readonly load: LoadResult | undefined;
  /** CPU the gateway's process tree used during the window, in % of one core. */
  readonly gatewayCpuPercent: number | null;
  /** CPU others (not the gateway) took on the gateway's core during the window, in %; null when not pinned to one core. */
  readonly foreignCpuPercent: number | null;
  readonly error?: string;
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function log(message: string): void {
  process.stderr.write(`bench:workers: ${message}\n`);
}

function layouts(pinned: boolean): Layout[] {
  if (!pinned) {
    return [
      { label: '1 worker, unpinned', workers: 1, cpus: null },
      { label: '2 workers, unpinned', workers: 2, cpus: null },
    ];
  }
  return [
    { label: '1 worker on CPU 1', workers: 1, cpus: '1' },
    { label: '2 workers on CPU 1', workers: 2, cpus: '1' },
    { label: '2 workers on CPUs 0-1', workers: 2, cpus: '0,1' },
  ];
}

function gatewayConfig(backend: Backend, upstreamUrl: string, httpPort: number, adminPort: number): string {
  const config = gantryBenchConfig('plain', upstreamUrl, httpPort, adminPort) as { apis: { backend: unknown }[] };
  if (backend === 'mock') {
    for (const api of config.apis) api.backend = { protocol: 'mock', body: UPSTREAM_BODY };
  }
  return stringify(config);
}

async function startGateway(ctx: RunContext, upstream: Upstream, layout: Layout, backend: Backend): Promise<{ child: ManagedChild; url: string }> {
  const [httpPort, adminPort] = [await freePort(), await freePort()];
  const dir = join(ctx.tmpDir, `${layout.workers}-${layout.cpus ?? 'any'}-${backend}`);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const config = join(dir, 'gantry.yaml');
  writeFileSync(config, gatewayConfig(backend, upstream.url, httpPort, adminPort));
  const args = [gantryMainPath(ctx), 'serve', '--config', config, '--workers', String(layout.workers),
    '--http-port', String(httpPort), '--admin-port', String(adminPort), '--log-dir', join(dir, 'logs')];
  // A child inherits this process's affinity (the load CPU): every layout names its CPUs.
  const command = layout.cpus === null ? { command: process.execPath, args } : { command: 'taskset', args: ['-c', layout.cpus, process.execPath, ...args] };
  const child = spawnManaged(`gantry ${layout.label}`, command.command, command.args, { ...process.env, NODE_ENV: 'production' });
  try {
    await waitUntilReady(`http://127.0.0.1:${adminPort}/readyz`, child, 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { child, url: `http://127.0.0.1:${httpPort}` };
}

async function measure(ctx: RunContext, upstream: Upstream, load: LoadGenerator, layout: Layout, backend: Backend): Promise<Row> {
  const durationS = envNumber('BENCH_DURATION_S', 3);
  const warmupS = envNumber('BENCH_WARMUP_S', 1);
  const connections = envNumber('BENCH_CONNECTIONS', 64);
  const scenario = SCENARIOS['get-100B'];
  let gateway: { child: ManagedChild; url: string } | undefined;
  try {
    gateway = await startGateway(ctx, upstream, layout, backend);
    await load.run({ url: gateway.url, scenario, durationS: warmupS, connections });
    const oneCore = layout.cpus !== null && /^[0-9]+$/.test(layout.cpus) ? Number(layout.cpus) : null;
    const cpuBefore = processTreeCpuMicros(gateway.child.pid);
    const coreBefore = oneCore === null ? null : cpuBusyMicros(oneCore);
    const started = performance.now();
    const result = await load.run({ url: gateway.url, scenario, durationS, connections });
    const cpuAfter = processTreeCpuMicros(gateway.child.pid);
    const coreAfter = oneCore === null ? null : cpuBusyMicros(oneCore);
    const elapsedS = (performance.now() - started) / 1000;
    const percent = (micros: number): number => (micros / 1e6 / elapsedS) * 100;
    const gatewayCpuPercent = cpuBefore === null || cpuAfter === null ? null : percent(cpuAfter - cpuBefore);
    const foreignCpuPercent = coreBefore === null || coreAfter === null || gatewayCpuPercent === null
      ? null
      : Math.max(0, percent(coreAfter - coreBefore) - gatewayCpuPercent);
    log(`${layout.label}, ${backend}: ${result.rps.toFixed(0)} rps (${result.non2xx} non-2xx, ${result.socketErrors} socket errors)`);
    return { layout, backend, load: result, gatewayCpuPercent, foreignCpuPercent };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${layout.label}, ${backend}: failed: ${message}`);
    return { layout, backend, load: undefined, gatewayCpuPercent: null, foreignCpuPercent: null, error: message };
  } finally {
    await gateway?.child.stop();
  }
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| backend | layout | RPS | p99 ms | gateway CPU (% of a core) | others on its core (%) | ratio vs 1 worker |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const base = rows.find((r) => r.backend === row.backend && r.layout.workers === 1)?.load?.rps;
    const rps = row.load?.rps;
    const ratio = rps === undefined || base === undefined || base === 0 ? '-' : `${(rps / base).toFixed(2)}×`;
    lines.push(`| ${row.backend} | ${row.layout.label} | ${rps === undefined ? `failed: ${row.error ?? ''}` : rps.toFixed(0)} | ${row.load?.p99Ms.toFixed(2) ?? '-'} | ${row.gatewayCpuPercent?.toFixed(0) ?? '-'} | ${row.foreignCpuPercent?.toFixed(0) ?? '-'} | ${ratio} |`);
  }
  return lines.join('\n');
}

function sharingNote(ctx: RunContext, load: LoadGenerator, upstream: Upstream, cores: number): string {
  const pinned = ctx.cpu.proxyCpu !== null;
  const where = pinned
    ? `CPU 0: the load generator (${load.description}), the upstream (${upstream.kind}) and this orchestrator; CPU 1: the gateway, ` +
      'except in the "CPUs 0-1" rows where the gateway may use both and so competes with the load generator and the upstream on CPU 0.'
    : `unpinned (${ctx.cpu.note ?? 'no taskset'}): the scheduler shares the cores between the gateway, the load generator and the upstream.`;
  return [
    `Machine: ${cores} cores available. ${where}`,
    '"2 workers on CPU 1" gives two workers the single core one worker had: it measures what the primary/worker split costs, not scaling.',
    `What a ${cores}-core machine can show: that ${cores > 2 ? 'workers scale while each has a core' : 'the split costs little and that a second worker takes work once it has CPU to run on'}; `
      + 'what it cannot: the ≥ 1.8× target, which needs a free core per worker plus cores for the load generator and the upstream (4+ cores).',
    '"others on its core" is CPU that processes other than the gateway took on CPU 1 during the window: above ~10% the row was disturbed.',
    `Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}. Numbers from a busy shared machine are indicative only; run on an idle host for figures to quote.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const benchDir = compiledBenchDir();
  const ctx: RunContext = { tmpDir: mkdtempSync(join(tmpdir(), 'gantry-workers-bench-')), cpu: planCpuPinning(), nginx: findNginx(), benchDir, repoRoot: findRepoRoot(benchDir) };
  installCleanupHandlers(() => rmSync(ctx.tmpDir, { recursive: true, force: true }));
  // Counted before pinning: afterwards this process may use one core only.
  const cores = availableParallelism();
  pinThisProcess(ctx.cpu.loadCpu);
  const load = pickLoadGenerator(ctx, process.env.BENCH_LOAD_GENERATOR !== 'autocannon');
  const upstream = await startUpstream(ctx);
  const rows: Row[] = [];
  try {
    for (const backend of ['upstream', 'mock'] as const) {
      for (const layout of layouts(ctx.cpu.proxyCpu !== null)) rows.push(await measure(ctx, upstream, load, layout, backend));
    }
  } finally {
    await upstream.child.stop();
    killAllChildren();
    rmSync(ctx.tmpDir, { recursive: true, force: true });
  }
  process.stdout.write(`# gantry serve --workers: 1 vs 2\n\n${table(rows)}\n\n${sharingNote(ctx, load, upstream, cores)}\n`);
}

main().catch((error: unknown) => {
  killAllChildren();
  process.stderr.write(`bench:workers: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
