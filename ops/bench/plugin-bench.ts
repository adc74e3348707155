/**
 * `npm run bench:plugins`: what a plugin costs the gateway, end to end. The built CLI (`gantry serve
 * --config … --plugin DIR`) forwards a 100 B GET to the bench upstream with no plugin, one
 * TypeScript plugin, one WASM plugin (wasm-allow-deny, configured so the call is allowed) and five
 * WASM plugins (the same module loaded under five names), one after the other in one run. Reports
 * RPS, p50, p99, CPU µs per request, ratios against the no-plugin row and the CPU µs of one plugin
 * call ((CPU/req with − CPU/req without) / plugins). Target: one WASM plugin ≥ 0.8× the RPS of none.
 * Bounded: BENCH_WARMUP_S (2) + BENCH_DURATION_S (5) per row, BENCH_CONNECTIONS (32).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildAssemblyScriptPlugin } from '../../sdk/as-pdk/build-plugin.js';
import { installCleanupHandlers, killAllChildren, spawnManaged } from './children.js';
import { compiledBenchDir, findRepoRoot, type RunContext } from './context.js';
import { publishReport } from './report-file.js';
import { freePort } from './free-port.js';
import { gantryBenchConfig } from './gantry-config.js';
import { probeHttp } from './http-probe.js';
import { pickLoadGenerator, type LoadGenerator } from './load-generator.js';
import { measureScenario, type MeasureOptions } from './measure.js';
import { findNginx } from './nginx.js';
import { pinnedCommand, pinThisProcess, planCpuPinning } from './pinning.js';
import { SCENARIOS } from './scenarios.js';
import { gantryMainPath, readyOrStopped, type RunningSystem } from './systems.js';
import { FOREIGN_CPU_WARN_PERCENT, type BenchRow } from './types.js';
import { startUpstream, type Upstream } from './upstream.js';

/** The RPS ratio one WASM plugin must keep against no plugin. */
const WASM_TARGET_RATIO = 0.8;

/** A folder handed to `--plugin`, and the binding that uses it. */
interface BenchPlugin {
  readonly dir: string;
  readonly name: string;
  /** Calls under this prefix are refused: the probe proves the plugin runs; the load never hits it. */
  readonly denyPath: string;
}

/** One row of the table. */
interface Case {
  readonly label: string;
  readonly plugins: readonly BenchPlugin[];
}

interface Measured {
  readonly row: Case;
  readonly result: BenchRow;
}

function log(message: string): void {
  process.stderr.write(`bench:plugins: ${message}\n`);
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A TypeScript plugin doing what wasm-allow-deny does with only `denyPaths` set: a prefix check per call. */
const TS_ALLOW_DENY_JS = `export default {
  name: 'bench-ts-allow-deny',
  version: '1.0.0',
  create(config) {
    const deny = config.denyPaths;
    return {
      onRequest(exchange) {
        for (const prefix of deny) if (exchange.path.startsWith(prefix)) return { kind: 'reply', code: 'AccessControlForbidden' };
        return undefined;
      },
    };
  },
};
`;

const TS_ALLOW_DENY_MANIFEST = {
  name: 'bench-ts-allow-deny',
  version: '1.0.0',
  kind: 'ts',
  priority: 2500,
  phases: ['request'],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { denyPaths: { type: 'array', items: { type: 'string' }, default: [] } },
  },
};

function writePluginDir(dir: string, manifest: Record<string, unknown>, moduleFile: string, module: string | Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'gantry-plugin.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, moduleFile), module);
}

/** Writes the plugin folders into the scratch dir (wasm-allow-deny built there) and returns the rows. */
async function prepareCases(ctx: RunContext): Promise<Case[]> {
  const source = join(ctx.repoRoot, 'plugins', 'wasm-allow-deny');
  const wasmFile = join(ctx.tmpDir, 'wasm-allow-deny.wasm');
  log('building plugins/wasm-allow-deny');
  const { wasm } = await buildAssemblyScriptPlugin(source, { outFile: wasmFile });
  const manifest = JSON.parse(readFileSync(join(source, 'gantry-plugin.json'), 'utf8')) as Record<string, unknown>;
  const wasmPlugins = [1, 2, 3, 4, 5].map((i): BenchPlugin => {
    const name = i === 1 ? 'wasm-allow-deny' : `bench-wasm-allow-deny-${i}`;
    const dir = join(ctx.tmpDir, 'plugins', name);
    writePluginDir(dir, { ...manifest, name }, 'plugin.wasm', wasm);
    return { dir, name, denyPath: `/deny-${i}` };
  });
  const tsDir = join(ctx.tmpDir, 'plugins', 'bench-ts-allow-deny');
  writePluginDir(tsDir, TS_ALLOW_DENY_MANIFEST, 'plugin.js', TS_ALLOW_DENY_JS);
  return [
    { label: 'no plugin', plugins: [] },
    { label: '1 TS plugin', plugins: [{ dir: tsDir, name: 'bench-ts-allow-deny', denyPath: '/deny-ts' }] },
    { label: '1 WASM plugin', plugins: wasmPlugins.slice(0, 1) },
    { label: '5 WASM plugins', plugins: wasmPlugins },
  ];
}

function gatewayConfig(row: Case, upstreamUrl: string, httpPort: number, adminPort: number): string {
  const config = gantryBenchConfig('plain', upstreamUrl, httpPort, adminPort) as { apis: { plugins: unknown[] }[] };
  for (const api of config.apis) api.plugins = row.plugins.map((p) => ({ name: p.name, config: { denyPaths: [p.denyPath] } }));
  return stringify(config);
}

async function startGantry(ctx: RunContext, upstream: Upstream, row: Case, index: number): Promise<RunningSystem> {
  const [httpPort, adminPort] = [await freePort(), await freePort()];
  const dir = join(ctx.tmpDir, `gantry-${index}`);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const config = join(dir, 'gantry.yaml');
  writeFileSync(config, gatewayConfig(row, upstream.url, httpPort, adminPort));
  const args = [gantryMainPath(ctx), 'serve', '--config', config, '--http-port', String(httpPort), '--admin-port', String(adminPort),
    '--log-dir', join(dir, 'logs'), ...row.plugins.flatMap((p) => ['--plugin', p.dir])];
  const cmd = pinnedCommand(ctx.cpu.proxyCpu, process.execPath, args);
  const child = spawnManaged(`gantry (${row.label})`, cmd.command, cmd.args, { ...process.env, NODE_ENV: 'production' });
  return readyOrStopped(child, `http://127.0.0.1:${httpPort}`, `http://127.0.0.1:${adminPort}/readyz`, 30_000);
}

/** Every plugin of the row refuses its own path: proof that each one is in the chain. */
async function pluginsRefuse(url: string, row: Case): Promise<string | null> {
  for (const plugin of row.plugins) {
    const res = await probeHttp(`${url}${plugin.denyPath}/x`, 'GET', undefined, 5000);
    if (res.status !== 403) return `${plugin.name} did not refuse ${plugin.denyPath}/x (status ${res.status})`;
  }
  return null;
}

async function measureRow(ctx: RunContext, upstream: Upstream, load: LoadGenerator, options: MeasureOptions, row: Case, index: number): Promise<BenchRow> {
  const failed = (reason: string): BenchRow => ({
    system: 'gantry', scenario: 'get-100B', status: 'failed', reason, cpuMicrosPerRequest: null, cpuPercent: null, foreignCpuPercent: null,
  });
  let running: RunningSystem;
  try {
    running = await startGantry(ctx, upstream, row, index);
  } catch (error) {
    return failed(`start: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const refused = await pluginsRefuse(running.url, row);
    if (refused !== null) return failed(refused);
    return await measureScenario('gantry', running, SCENARIOS['get-100B'], load, options);
  } finally {
    await running.stop();
  }
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

function ok(result: BenchRow): BenchRow['load'] {
  return result.status === 'ok' ? result.load : undefined;
}

/** The table and the notes under it. */
function renderPluginReport(facts: ReadonlyArray<readonly [string, string]>, rows: readonly Measured[]): string {
  const base = rows.find((r) => r.row.plugins.length === 0)?.result;
  const baseRps = base === undefined ? undefined : ok(base)?.rps;
  const baseCpu = base?.cpuMicrosPerRequest ?? null;
  const lines = [
    '| gateway | RPS | p50 ms | p99 ms | CPU µs/req | × RPS of no plugin | × CPU/req of no plugin | µs per plugin call | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { row, result } of rows) {
    const load = ok(result);
    const cpu = load === undefined ? null : result.cpuMicrosPerRequest;
    const n = row.plugins.length;
    const perCall = n === 0 || cpu === null || baseCpu === null ? null : (cpu - baseCpu) / n;
    lines.push(`| ${[
      row.label,
      load === undefined ? result.status : load.rps.toFixed(0),
      fixed(load?.p50Ms, 2),
      fixed(load?.p99Ms, 2),
      fixed(cpu, 1),
      fixed(load === undefined || baseRps === undefined || baseRps === 0 ? null : load.rps / baseRps, 2),
      fixed(cpu === null || baseCpu === null || baseCpu === 0 ? null : cpu / baseCpu, 2),
      fixed(perCall, 1),
      load === undefined ? '—' : String(load.non2xx + load.socketErrors),
    ].join(' | ')} |`);
  }
  const notes: string[] = [];
  const wasm = rows.find((r) => r.row.label === '1 WASM plugin');
  const wasmRps = wasm === undefined ? undefined : ok(wasm.result)?.rps;
  if (wasmRps !== undefined && baseRps !== undefined && baseRps > 0) {
    const ratio = wasmRps / baseRps;
    notes.push(`- target: one WASM plugin ≥ ${WASM_TARGET_RATIO}× the RPS of no plugin: ${ratio.toFixed(2)}× — ${ratio >= WASM_TARGET_RATIO ? 'met' : 'NOT met'}.`);
  }
  for (const { row, result } of rows) {
    if (result.reason !== undefined) notes.push(`- ${row.label} (${result.status}): ${result.reason}`);
    if (result.foreignCpuPercent !== null && result.foreignCpuPercent > FOREIGN_CPU_WARN_PERCENT) {
      notes.push(`- ${row.label}: other processes used ${result.foreignCpuPercent.toFixed(0)}% of the gateway's core during the window; the machine was not quiet, rerun.`);
    }
  }
  return [
    '# Gantry plugin cost (gateway level)',
    '',
    ...facts.map(([label, value]) => `- ${label}: ${value}`),
    '',
    ...lines,
    ...(notes.length > 0 ? ['', 'Notes:', '', ...notes] : []),
    '',
    'µs per plugin call = (CPU µs/req with the plugins − CPU µs/req with none) ÷ number of plugins: the whole cost of one call, hooks, view encoding and sandbox included.',
    '',
  ].join('\n');
}

function reportFileName(now: Date): string {
  return `plugins-${now.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-')}.md`;
}

async function main(): Promise<void> {
  const cpu = planCpuPinning();
  pinThisProcess(cpu.loadCpu);
  const tmpDir = mkdtempSync(join(tmpdir(), 'gantry-plugin-bench-'));
  const removeTmp = (): void => rmSync(tmpDir, { recursive: true, force: true });
  installCleanupHandlers(removeTmp);
  const benchDir = compiledBenchDir();
  const ctx: RunContext = { tmpDir, cpu, nginx: findNginx(), benchDir, repoRoot: findRepoRoot(benchDir) };
  const options: MeasureOptions = {
    warmupS: envNumber('BENCH_WARMUP_S', 2),
    durationS: envNumber('BENCH_DURATION_S', 5),
    connections: envNumber('BENCH_CONNECTIONS', 32),
    proxyCpu: cpu.proxyCpu,
    noisyRetries: envNumber('BENCH_NOISY_RETRIES', 1),
  };
  const watchdog = setTimeout(() => {
    log('watchdog: run exceeded its time budget, killing children');
    killAllChildren();
    removeTmp();
    process.exit(1);
  }, (4 * (options.warmupS + (options.durationS + 20) * (1 + options.noisyRetries) + 35) + 120) * 1000);
  watchdog.unref();
  try {
    const cases = await prepareCases(ctx);
    const load = pickLoadGenerator(ctx);
    const upstream = await startUpstream(ctx);
    log(`load generator: ${load.description}; upstream ${upstream.kind} at ${upstream.url}; ${cpu.note ?? `gateway on CPU ${String(cpu.proxyCpu)}, the rest on CPU ${String(cpu.loadCpu)}`}`);
    const rows: Measured[] = [];
    try {
      for (const [index, row] of cases.entries()) {
        log(`${row.label}: starting`);
        const result = await measureRow(ctx, upstream, load, options, row, index);
        rows.push({ row, result });
        log(`${row.label}: ${result.status}${result.load === undefined ? `: ${result.reason ?? ''}` : `, ${result.load.rps.toFixed(0)} rps, p99 ${result.load.p99Ms.toFixed(2)} ms`}`);
      }
    } finally {
      await upstream.child.stop();
    }
    const facts: Array<[string, string]> = [
      ['date', new Date().toISOString()],
      ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`],
      ['pinning', cpu.note ?? `gateway on CPU ${String(cpu.proxyCpu)}; load generator, upstream and orchestrator on CPU ${String(cpu.loadCpu)}`],
      ['load', `${load.description}, ${options.connections} connections, GET 100 B, ${options.warmupS} s warm-up + ${options.durationS} s measured per row`],
      ['upstream', upstream.kind === 'nginx' ? 'nginx, 100 B JSON' : 'node:http, 100 B JSON'],
      ['plugins', 'wasm-allow-deny (denyPaths: one prefix the load never hits) loaded with --plugin; the TS row runs the same check in a TypeScript plugin; 5 WASM = the same module under five names'],
    ];
    const report = renderPluginReport(facts, rows);
    log(`report written to ${publishReport(ctx.repoRoot, reportFileName(new Date()), report)}`);
  } finally {
    clearTimeout(watchdog);
    killAllChildren();
    removeTmp();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  killAllChildren();
  process.exitCode = 1;
});
