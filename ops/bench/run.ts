/**
 * The HTTP data-plane benchmark: puts the gateway and its peers under the same load, one at a time,
 * in one run, and prints a Markdown table of RPS, latency, CPU cost and RPS ratios. See README.md.
 */
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptionsFrom, type BenchOptions } from './bench-options.js';
import { installCleanupHandlers, killAllChildren } from './children.js';
import { compiledBenchDir, findRepoRoot, type RunContext } from './context.js';
import { publishReport } from './report-file.js';
import { pickLoadGenerator, type LoadGenerator } from './load-generator.js';
import { measureScenario } from './measure.js';
import { measurePaired } from './paired-measure.js';
import { findNginx } from './nginx.js';
import { pinThisProcess, planCpuPinning } from './pinning.js';
import { SCENARIOS } from './scenarios.js';
import { systemsUnderTest, type RunningSystem } from './systems.js';
import { renderReport, type ReportFacts } from './table.js';
import type { BenchRow } from './types.js';
import { startUpstream, type Upstream } from './upstream.js';

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs every selected launch of every selected system in turn; one proxy alive at a time. */
async function runAll(ctx: RunContext, options: BenchOptions, upstream: Upstream, load: LoadGenerator): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const blank = { cpuMicrosPerRequest: null, cpuPercent: null, foreignCpuPercent: null };
  const measureOptions = { ...options, proxyCpu: ctx.cpu.proxyCpu };
  for (const system of systemsUnderTest().filter((s) => options.systems.includes(s.name))) {
    const unavailable = system.unavailableReason(ctx);
    for (const launch of system.launches) {
      const scenarios = launch.scenarios.filter((s) => options.scenarios.includes(s));
      if (scenarios.length === 0) continue;
      if (unavailable !== null) {
        for (const scenario of scenarios) rows.push({ system: system.name, scenario, status: 'skipped', reason: unavailable, ...blank });
        log(`${system.name}: skipped (${unavailable})`);
        continue;
      }
      log(`${system.name}: starting for ${scenarios.join(', ')}`);
      let running: RunningSystem;
      try {
        running = await launch.start(ctx, upstream);
      } catch (err) {
        for (const scenario of scenarios) rows.push({ system: system.name, scenario, status: 'failed', reason: `start: ${errorText(err)}`, ...blank });
        log(`${system.name}: failed to start: ${errorText(err)}`);
        continue;
      }
      try {
        for (const scenario of scenarios) {
          const measured = SCENARIOS[scenario];
          const row = measured.pairedBaselinePath === undefined
            ? await measureScenario(system.name, running, measured, load, measureOptions)
            : await measurePaired(system.name, running, measured, measured.pairedBaselinePath, load, measureOptions);
          rows.push(row);
          const foreign = row.foreignCpuPercent === null ? '' : `, others on proxy core ${row.foreignCpuPercent.toFixed(0)}%`;
          const summary = row.load === undefined ? row.reason : `${row.load.rps.toFixed(0)} rps, p99 ${row.load.p99Ms.toFixed(2)} ms${foreign}`;
          log(`${system.name} / ${scenario}: ${row.status}: ${summary ?? ''}`);
        }
      } finally {
        await running.stop();
      }
    }
  }
  return rows;
}

/** Upper bound of a whole run, after which everything is killed: each step has its own timeout too. */
function watchdogMs(options: BenchOptions): number {
  const rowCount = options.systems.length * options.scenarios.length;
  const perRow = options.warmupS + (options.durationS + 20) * (1 + options.noisyRetries) + 25;
  // The paired scenario measures 2 × pairedRounds windows and warms up two routes.
  const pairedExtra = options.warmupS + (options.pairedWindowS + 20) * (1 + options.noisyRetries) * 2 * options.pairedRounds;
  return (rowCount * perRow + pairedExtra + options.systems.length * 2 * 35 + 60) * 1000;
}

function reportFacts(ctx: RunContext, options: BenchOptions, upstream: Upstream, load: LoadGenerator): ReportFacts {
  const pinning = ctx.cpu.note ?? `proxy on CPU ${String(ctx.cpu.proxyCpu)}; load generator, upstream and orchestrator on CPU ${String(ctx.cpu.loadCpu)}`;
  return [
    ['date', new Date().toISOString()],
    ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`],
    ['pinning', pinning],
    ['load generator', `${load.description}, ${options.connections} connections, ${options.warmupS} s warm-up + ${options.durationS} s measured per scenario`],
    ['upstream', upstream.kind === 'nginx' ? `nginx (${ctx.nginx?.version ?? '?'}), 1 worker, 100 B JSON for any method` : 'node:http (nginx not installed), 100 B JSON'],
  ];
}

function reportFileName(now: Date): string {
  return `http-${now.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-')}.md`;
}

async function main(): Promise<void> {
  const options = benchOptionsFrom(process.argv.slice(2), process.env);
  const cpu = planCpuPinning();
  pinThisProcess(cpu.loadCpu);
  const tmpDir = mkdtempSync(join(tmpdir(), 'gantry-bench-'));
  const removeTmp = (): void => rmSync(tmpDir, { recursive: true, force: true });
  installCleanupHandlers(removeTmp);
  const benchDir = compiledBenchDir();
  const ctx: RunContext = { tmpDir, cpu, nginx: options.allowNginx ? findNginx() : null, benchDir, repoRoot: findRepoRoot(benchDir) };
  const watchdog = setTimeout(() => {
    log('watchdog: run exceeded its time budget, killing children');
    killAllChildren();
    removeTmp();
    process.exit(1);
  }, watchdogMs(options));
  watchdog.unref();

  try {
    const load = pickLoadGenerator(ctx, options.allowWrk);
    log(`load generator: ${load.description}; ${cpu.note ?? 'pinning proxy to CPU 1, the rest to CPU 0'}`);
    const upstream = await startUpstream(ctx);
    log(`upstream: ${upstream.kind} at ${upstream.url}`);
    let rows: BenchRow[];
    try {
      rows = await runAll(ctx, options, upstream, load);
    } finally {
      await upstream.child.stop();
    }
    const report = renderReport('Gantry HTTP data-plane benchmark', reportFacts(ctx, options, upstream, load), rows);
    log(`report written to ${publishReport(ctx.repoRoot, reportFileName(new Date()), report)}`);
  } finally {
    clearTimeout(watchdog);
    killAllChildren();
    removeTmp();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  killAllChildren();
  process.exitCode = 1;
});
