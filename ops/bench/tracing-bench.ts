/**
 * What tracing costs the data plane: the same gateway build under the same load with tracing off,
 * and on at 0 %, 1 % and 100 % sampling (spans exported over OTLP/HTTP to a local sink that
 * discards them), plus the same build with the tracing hooks removed ("no tracing code").
 * Prints one table with RPS ratios against "off" and against "no tracing code".
 *
 * `npm run bench:tracing` (builds first). Knobs as in run.ts: BENCH_DURATION_S (default 3 here),
 * BENCH_WARMUP_S (default 1 here), BENCH_CONNECTIONS, BENCH_SCENARIOS (get-100B, get-100B+plugins).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptionsFrom } from './bench-options.js';
import { installCleanupHandlers, killAllChildren, spawnManaged } from './children.js';
import { compiledBenchDir, findRepoRoot, type RunContext } from './context.js';
import { freePort } from './free-port.js';
import { gantryBenchConfigYaml, type GantryProfile } from './gantry-config.js';
import { tailLine, waitUntilReady } from './http-probe.js';
import { pickLoadGenerator } from './load-generator.js';
import { measureScenario } from './measure.js';
import { findNginx } from './nginx.js';
import { buildWithoutTracing } from './no-tracing-build.js';
import { measureHookCost } from './tracing-hook-cost.js';
import { pinThisProcess, pinnedCommand, planCpuPinning } from './pinning.js';
import { SCENARIOS } from './scenarios.js';
import { gantryMainPath, type RunningSystem } from './systems.js';
import type { BenchRow, ScenarioName } from './types.js';
import { startUpstream, type Upstream } from './upstream.js';

/** One way of running the gateway. */
interface Variant {
  label: string;
  /** `OTEL_*` variables of the gateway process (none: tracing off). */
  env: Record<string, string>;
  /** Use the build without tracing hooks. */
  noTracingCode?: boolean;
}

const OFF = 'off';
const NO_CODE = 'no tracing code';

function variants(sinkUrl: string): Variant[] {
  const on = (sampler: string, arg?: string): Record<string, string> => ({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: sinkUrl,
    OTEL_TRACES_SAMPLER: sampler,
    ...(arg === undefined ? {} : { OTEL_TRACES_SAMPLER_ARG: arg }),
  });
  return [
    { label: NO_CODE, env: {}, noTracingCode: true },
    { label: OFF, env: {} },
    { label: 'on, 0 %', env: on('traceidratio', '0') },
    { label: 'on, 1 %', env: on('traceidratio', '0.01') },
    { label: 'on, 100 %', env: on('always_on') },
  ];
}

/** An OTLP/HTTP endpoint that reads and drops every export, counting spans' requests and bytes. */
async function startDiscardingSink(): Promise<{ url: string; stats: { requests: number; bytes: number }; close: () => Promise<void> }> {
  const stats = { requests: 0, bytes: 0 };
  const server: Server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => {
      stats.bytes += chunk.length;
    });
    request.on('end', () => {
      stats.requests += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    stats,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The environment without any inherited `OTEL_*` variable, plus the variant's. */
function gatewayEnv(variant: Variant): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('OTEL_')) env[name] = value;
  return { ...env, ...variant.env };
}

async function startGateway(ctx: RunContext, main: string, upstream: Upstream, profile: GantryProfile, variant: Variant): Promise<RunningSystem> {
  const [httpPort, adminPort] = [await freePort(), await freePort()];
  const dir = join(ctx.tmpDir, `gantry-${profile}-${variant.label.replace(/\W+/g, '-')}`);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const config = join(dir, 'gantry.yaml');
  writeFileSync(config, gantryBenchConfigYaml(profile, upstream.url, httpPort, adminPort));
  const cmd = pinnedCommand(ctx.cpu.proxyCpu, process.execPath, [main, 'serve', '--config', config, '--http-port', String(httpPort), '--admin-port', String(adminPort), '--log-dir', logDir]);
  const child = spawnManaged(`gantry (${variant.label})`, cmd.command, cmd.args, gatewayEnv(variant));
  try {
    await waitUntilReady(`http://127.0.0.1:${adminPort}/readyz`, child, 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${httpPort}`,
    cpuPid: child.pid,
    deathNote: () => (child.hasExited() ? `${child.name} died: ${tailLine(child)}` : null),
    stop: async () => {
      await child.stop();
    },
  };
}

interface Measured { variant: string; scenario: ScenarioName; row: BenchRow }

function format(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

function renderTable(results: readonly Measured[]): string {
  const lines = [
    '| scenario | gantry | RPS | p50 ms | p99 ms | CPU µs/req | others on its core | vs off | vs no tracing code | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const { variant, scenario, row } of results) {
    const rps = row.status === 'ok' ? row.load?.rps ?? null : null;
    const rpsOf = (label: string): number | null => {
      const base = results.find((r) => r.scenario === scenario && r.variant === label)?.row;
      return base?.status === 'ok' ? base.load?.rps ?? null : null;
    };
    const ratio = (label: string): string => {
      const base = rpsOf(label);
      return rps === null || base === null ? '-' : `${(rps / base).toFixed(3)}×`;
    };
    lines.push(`| ${scenario} | ${variant} | ${format(rps)} | ${format(row.load?.p50Ms, 2)} | ${format(row.load?.p99Ms, 2)} | ${format(row.cpuMicrosPerRequest, 1)} | ${row.foreignCpuPercent === null ? '-' : `${row.foreignCpuPercent.toFixed(0)} %`} | ${ratio(OFF)} | ${ratio(NO_CODE)} | ${row.reason ?? ''} |`);
  }
  return lines.join('\n');
}

function log(message: string): void {
  process.stderr.write(`[tracing-bench] ${message}\n`);
}

async function main(): Promise<void> {
  const options = benchOptionsFrom(process.argv.slice(2), process.env);
  const durationS = process.env.BENCH_DURATION_S === undefined ? 3 : options.durationS;
  const warmupS = process.env.BENCH_WARMUP_S === undefined ? 1 : options.warmupS;
  const scenarios: ScenarioName[] = process.env.BENCH_SCENARIOS === undefined ? ['get-100B', 'get-100B+plugins'] : options.scenarios.filter((s) => s !== 'post-4KiB');
  const cpu = planCpuPinning();
  pinThisProcess(cpu.loadCpu);
  const tmpDir = mkdtempSync(join(tmpdir(), 'gantry-tracing-bench-'));
  const benchDir = compiledBenchDir();
  const ctx: RunContext = { tmpDir, cpu, nginx: options.allowNginx ? findNginx() : null, benchDir, repoRoot: findRepoRoot(benchDir) };
  const main = gantryMainPath(ctx);
  let removeBaseline = (): void => undefined;
  installCleanupHandlers(() => {
    removeBaseline();
    rmSync(tmpDir, { recursive: true, force: true });
  });
  const sink = await startDiscardingSink();
  try {
    const load = pickLoadGenerator(ctx, options.allowWrk);
    let baselineMain: string | null = null;
    try {
      const built = buildWithoutTracing(join(ctx.repoRoot, 'dist'), join(ctx.repoRoot, 'ops', 'bench', 'out'));
      baselineMain = built.main;
      removeBaseline = built.remove;
    } catch (error) {
      log(`no "no tracing code" row: ${error instanceof Error ? error.message : String(error)}`);
    }
    const upstream = await startUpstream(ctx);
    const results: Measured[] = [];
    try {
      for (const scenarioName of scenarios) {
        const scenario = SCENARIOS[scenarioName];
        const profile: GantryProfile = scenarioName === 'get-100B+plugins' ? 'plugins' : 'plain';
        for (const variant of variants(sink.url)) {
          if (variant.noTracingCode === true && baselineMain === null) continue;
          log(`${scenarioName} / ${variant.label}`);
          const running = await startGateway(ctx, variant.noTracingCode === true ? baselineMain as string : main, upstream, profile, variant);
          try {
            const row = await measureScenario('gantry', running, scenario, load, { warmupS, durationS, connections: options.connections, proxyCpu: cpu.proxyCpu, noisyRetries: 0 });
            results.push({ variant: variant.label, scenario: scenarioName, row });
          } finally {
            await running.stop();
          }
        }
      }
    } finally {
      await upstream.child.stop();
    }
    const facts = [
      `date: ${new Date().toISOString()}`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
      `pinning: ${cpu.note ?? `gateway on CPU ${String(cpu.proxyCpu)}; load, upstream (${upstream.kind}), OTLP sink on CPU ${String(cpu.loadCpu)}`}`,
      `load: ${load.description}, ${options.connections} connections, ${warmupS} s warm-up + ${durationS} s measured, one window per row`,
      `export: OTLP/HTTP protobuf, batch span processor defaults; the sink got ${sink.stats.requests} requests, ${(sink.stats.bytes / 1e6).toFixed(1)} MB`,
    ];
    const hooks = await measureHookCost(20_000);
    const hookTable = ['| sampling | µs of tracing work per call (in process) |', '|---|---:|', ...hooks.map((h) => `| ${h.label} | ${h.microsPerCall.toFixed(2)} |`)].join('\n');
    process.stdout.write(`\n# Gantry tracing cost\n\n${facts.map((f) => `- ${f}`).join('\n')}\n\n${renderTable(results)}\n\n${hookTable}\n`);
  } finally {
    await sink.close();
    killAllChildren();
    removeBaseline();
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  killAllChildren();
  process.exitCode = 1;
});
