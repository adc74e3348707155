/**
 * RPC benchmark (issue 6): HTTP → HTTP, HTTP → SOFARPC, HTTP → Dubbo and Bolt → SOFARPC through
 * the gateway, each beside the direct client → server call it replaces, in one run. The gateway
 * runs in this process, pinned alone on CPU 1 when taskset allows; the peers (sofa-rpc-node
 * providers, a minimal codec-based Bolt echo provider, an HTTP echo server) and the load generator
 * run in child processes pinned on CPU 0. Closed-loop load for a fixed time per row; prints a
 * Markdown table with RPS ratios and the gateway's CPU per call. Target: HTTP → SOFARPC at ≥ 0.8×
 * the gateway's HTTP → HTTP RPS.
 *
 * HTTP → HTTP runs twice: to a Node echo server and, when nginx is installed, to nginx answering a
 * fixed 100 B JSON body (the cheapest HTTP upstream there is), and the target is checked against both.
 *
 * Rows called over HTTP are loaded by wrk (one thread, a JSON POST script) when it is installed:
 * a Node client costs CPU 0 about as much per call as the gateway spends on CPU 1, so with it the
 * peers' core saturates first and the rows measure the peers. Rows called over Bolt keep the
 * sofa-rpc-node client (wrk speaks no Bolt).
 *
 * Run: `npm run bench:rpc` (builds, then `node dist/ops/bench/rpc-bench.js`).
 * Optional: `--duration=MS` per row (default 3000), `--concurrency=N` (default 32), `--only=TEXT`
 * (rows whose label contains TEXT, e.g. `--only=Dubbo`).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigSource, DeliverConfig } from '../../core/gateway/config-source.js';
import { Gateway } from '../../core/gateway/gateway.js';
import { defaultGatewayOptions } from '../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { compiledBenchDir, findRepoRoot } from './context.js';
import { installedWrkVersion, runWrk } from './load-generator.js';
import { findNginx } from './nginx.js';
import { planCpuPinning, pinThisProcess, type CpuPlan } from './pinning.js';
import type { LoadRequest, LoadResult, LoadTarget } from './rpc-bench-peers.js';
import { BENCH_SERVICE } from './rpc-bench-service.js';
import { startUpstream, type Upstream } from './upstream.js';

/** Moves a forked child (peers, load) to the CPU the gateway does not use. */
function pinChild(child: ChildProcess, cpu: number | null): void {
  if (cpu === null || child.pid === undefined) return;
  spawnSync('taskset', ['-a', '-pc', String(cpu), String(child.pid)], { stdio: 'ignore' });
}

const TARGET_RATIO = 0.8;

interface Ports { readonly http: number; readonly bolt: number; readonly boltMinimal: number; readonly dubbo: number }

/** The nginx upstream of the second HTTP → HTTP baseline, when nginx is installed. */
interface NginxUpstream { readonly port: number }
interface Row {
  readonly label: string;
  readonly via: 'gateway' | 'direct';
  readonly target: LoadTarget;
  result?: LoadResult;
  /** CPU of this process (the gateway) per call during a gateway row, µs. */
  gatewayCpuMicros?: number;
  error?: string;
}

function numericArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? Number.NaN : Number(arg.slice(name.length + 3));
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

class InlineSource implements ConfigSource {
  readonly name = 'rpc-bench';
  constructor(private readonly document: unknown) {}
  start(deliver: DeliverConfig): ReturnType<ConfigSource['start']> {
    return deliver({ origin: 'rpc-bench', document: this.document });
  }
  async close(): Promise<void> {}
}

function gatewayConfig(ports: Ports, nginx: NginxUpstream | null): unknown {
  const rpc = (protocol: 'sofarpc' | 'dubbo', cluster: string) => ({ protocol, cluster, service: BENCH_SERVICE, version: '1.0', method: 'echo', args: [{ source: 'body', key: '$.text', type: 'java.lang.String' }] });
  return {
    version: 1,
    listen: { http: 0, admin: 0, bolt: 0 },
    groups: [{ name: 'bench', default: true }],
    clusters: [
      { name: 'http', endpoints: [{ url: `http://127.0.0.1:${ports.http}` }], pool: { connections: 64 } },
      { name: 'sofa', endpoints: [{ url: `bolt://127.0.0.1:${ports.bolt}` }] },
      { name: 'sofa-min', endpoints: [{ url: `bolt://127.0.0.1:${ports.boltMinimal}` }] },
      { name: 'dubbo', endpoints: [{ url: `dubbo://127.0.0.1:${ports.dubbo}` }] },
      ...(nginx === null ? [] : [{ name: 'http-nginx', endpoints: [{ url: `http://127.0.0.1:${nginx.port}` }], pool: { connections: 64 } }]),
    ],
    apis: [
      { name: 'http-echo', group: 'bench', match: { path: '/http/echo', type: 'exact' }, backend: { protocol: 'http', cluster: 'http', path: '/echo' } },
      ...(nginx === null ? [] : [{ name: 'http-nginx', group: 'bench', match: { path: '/http-nginx/echo', type: 'exact' }, backend: { protocol: 'http', cluster: 'http-nginx', path: '/echo' } }]),
      { name: 'sofa-echo', group: 'bench', match: { path: '/sofa/echo', type: 'exact' }, backend: rpc('sofarpc', 'sofa') },
      { name: 'sofa-min-echo', group: 'bench', match: { path: '/sofa-min/echo', type: 'exact' }, backend: rpc('sofarpc', 'sofa-min') },
      { name: 'dubbo-echo', group: 'bench', match: { path: '/dubbo/echo', type: 'exact' }, backend: rpc('dubbo', 'dubbo') },
      { name: 'bolt-echo', group: 'bench', match: { rpc: { service: BENCH_SERVICE, method: 'echo' } }, backend: { ...rpc('sofarpc', 'sofa'), args: [] } },
    ],
  };
}

const NGINX_HTTP = 'HTTP → HTTP (nginx upstream)';

function rows(ports: Ports, gateway: Gateway, nginx: NginxUpstream | null): Row[] {
  const gw = `http://127.0.0.1:${gateway.httpPort}`;
  const nginxRows: Row[] = nginx === null ? [] : [
    { label: NGINX_HTTP, via: 'direct', target: { kind: 'http', origin: `http://127.0.0.1:${nginx.port}`, path: '/echo' } },
    { label: NGINX_HTTP, via: 'gateway', target: { kind: 'http', origin: gw, path: '/http-nginx/echo' } },
  ];
  return [
    { label: 'HTTP → HTTP', via: 'direct', target: { kind: 'http', origin: `http://127.0.0.1:${ports.http}`, path: '/echo' } },
    { label: 'HTTP → HTTP', via: 'gateway', target: { kind: 'http', origin: gw, path: '/http/echo' } },
    ...nginxRows,
    { label: 'HTTP → SOFARPC', via: 'direct', target: { kind: 'bolt', address: `127.0.0.1:${ports.bolt}`, service: BENCH_SERVICE } },
    { label: 'HTTP → SOFARPC', via: 'gateway', target: { kind: 'http', origin: gw, path: '/sofa/echo' } },
    { label: 'HTTP → SOFARPC (minimal peer)', via: 'direct', target: { kind: 'bolt', address: `127.0.0.1:${ports.boltMinimal}`, service: BENCH_SERVICE } },
    { label: 'HTTP → SOFARPC (minimal peer)', via: 'gateway', target: { kind: 'http', origin: gw, path: '/sofa-min/echo' } },
    { label: 'HTTP → Dubbo', via: 'direct', target: { kind: 'dubbo', address: `127.0.0.1:${ports.dubbo}`, service: BENCH_SERVICE } },
    { label: 'HTTP → Dubbo', via: 'gateway', target: { kind: 'http', origin: gw, path: '/dubbo/echo' } },
    { label: 'Bolt → SOFARPC', via: 'direct', target: { kind: 'bolt', address: `127.0.0.1:${ports.bolt}`, service: BENCH_SERVICE } },
    { label: 'Bolt → SOFARPC', via: 'gateway', target: { kind: 'bolt', address: `127.0.0.1:${gateway.boltPort}`, service: BENCH_SERVICE } },
  ];
}

function ask<T>(child: ChildProcess, message: unknown, expect: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { cmd: string; result?: T; ports?: T; message?: string }): void => {
      if (reply.cmd !== expect && reply.cmd !== 'error') return;
      child.off('message', onMessage);
      if (reply.cmd === 'error') reject(new Error(reply.message));
      else resolve((reply.result ?? reply.ports) as T);
    };
    child.on('message', onMessage);
    if (message !== undefined) child.send(message as object);
  });
}

function table(all: readonly Row[]): string {
  const rps = (row: Row | undefined): number => (row?.result === undefined ? Number.NaN : row.result.calls / row.result.seconds);
  const httpRow = all.find((r) => r.label === 'HTTP → HTTP' && r.via === 'gateway');
  const gatewayHttp = rps(httpRow);
  const lines = ['| path | via | RPS | p50 ms | p99 ms | errors | gateway / direct | / gateway HTTP→HTTP | gateway CPU µs/call | gateway CPU % | HTTP→HTTP CPU ÷ this |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const row of all) {
    if (row.result === undefined) {
      lines.push(`| ${row.label} | ${row.via} | failed: ${row.error ?? '?'} | | | | | | | | |`);
      continue;
    }
    const direct = all.find((r) => r.label === row.label && r.via === 'direct');
    const cpu = row.gatewayCpuMicros;
    const gatewayCols = row.via === 'gateway'
      ? [
        (rps(row) / rps(direct)).toFixed(2),
        (rps(row) / gatewayHttp).toFixed(2),
        cpu === undefined ? '' : cpu.toFixed(1),
        // µs per call × calls per second = µs of CPU per second: its share of the gateway's one core.
        cpu === undefined ? '' : ((cpu * rps(row)) / 1e4).toFixed(0),
        cpu === undefined || httpRow?.gatewayCpuMicros === undefined ? '' : (httpRow.gatewayCpuMicros / cpu).toFixed(2),
      ]
      : ['', '', '', '', ''];
    lines.push(`| ${row.label} | ${row.via} | ${rps(row).toFixed(0)} | ${row.result.p50Ms.toFixed(2)} | ${row.result.p99Ms.toFixed(2)} | ${row.result.errors} | ${gatewayCols.join(' | ')} |`);
  }
  const gatewayNginxHttp = rps(all.find((r) => r.label === NGINX_HTTP && r.via === 'gateway'));
  for (const label of ['HTTP → SOFARPC', 'HTTP → SOFARPC (minimal peer)']) {
    const sofa = rps(all.find((r) => r.label === label && r.via === 'gateway'));
    lines.push('', `Target ${label} ≥ ${TARGET_RATIO}× gateway HTTP → HTTP (RPS): ${(sofa / gatewayHttp).toFixed(2)}× — ${sofa / gatewayHttp >= TARGET_RATIO ? 'met' : 'NOT met'}` +
      (Number.isNaN(gatewayNginxHttp) ? '.' : `; against HTTP → HTTP with an nginx upstream: ${(sofa / gatewayNginxHttp).toFixed(2)}× — ${sofa / gatewayNginxHttp >= TARGET_RATIO ? 'met' : 'NOT met'}.`));
  }
  lines.push('', 'Gateway CPU µs/call: CPU time of the bench process (the gateway; the orchestrator only waits on IPC) during the row ÷ calls; gateway CPU %: that time ÷ the row\'s length. With the gateway pinned alone on one CPU and peers and load on the other, the RPS of a row is bounded by whichever side saturates first: a gateway row well under 100 % was held back by its peer or the load generator, and the CPU ratio (the last column) compares the gateway\'s own cost per call.');
  return lines.join('\n');
}

/**
 * nginx as a second HTTP upstream (the main bench's: a fixed 100 B JSON answer), pinned with the
 * peers: a Node echo server costs the gateway more per call than nginx does, so HTTP → SOFARPC is
 * also compared with the cheapest HTTP → HTTP there is. Null when nginx is not installed.
 */
async function startNginxUpstream(tmpDir: string, cpu: CpuPlan): Promise<Upstream | null> {
  const nginx = findNginx();
  if (nginx === null) return null;
  const benchDir = compiledBenchDir();
  return startUpstream({ tmpDir, cpu, nginx, benchDir, repoRoot: findRepoRoot(benchDir) });
}

/** A row's load result and the CPU this process (the gateway) spent while it ran. */
interface Measured {
  result: LoadResult;
  cpuMicros: number;
  /** Calls made while the CPU was counted. */
  callsInCpuWindow: number;
}

/** Node client in a fresh child (one per row, see serveLoad); it warms up with 200 calls inside the CPU window. */
async function nodeLoad(request: LoadRequest, cpus: CpuPlan): Promise<Measured> {
  const loader = fork(fileURLToPath(import.meta.url), ['--load'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  pinChild(loader, cpus.loadCpu);
  try {
    const before = process.cpuUsage();
    const result = await ask<LoadResult>(loader, { cmd: 'load', request }, 'result');
    const used = process.cpuUsage(before);
    return { result, cpuMicros: used.user + used.system, callsInCpuWindow: result.calls + 200 };
  } finally {
    loader.kill();
  }
}

/** wrk posting `{"text": …}` as JSON: one second of warm-up, then the measured run. */
async function wrkLoad(request: LoadRequest, tmpDir: string, cpus: CpuPlan): Promise<Measured> {
  if (request.target.kind !== 'http') throw new Error('wrk only loads HTTP targets');
  const run = {
    url: request.target.origin + request.target.path,
    method: 'POST' as const,
    body: { text: JSON.stringify({ text: request.text }), contentType: 'application/json' },
    connections: request.concurrency,
  };
  await runWrk(tmpDir, cpus.loadCpu, { ...run, durationS: 1 });
  const before = process.cpuUsage();
  const load = await runWrk(tmpDir, cpus.loadCpu, { ...run, durationS: request.durationMs / 1000 });
  const used = process.cpuUsage(before);
  const result = { calls: load.requests - load.non2xx, errors: load.non2xx + load.socketErrors, seconds: load.durationS, p50Ms: load.p50Ms, p99Ms: load.p99Ms };
  return { result, cpuMicros: used.user + used.system, callsInCpuWindow: load.requests };
}

async function main(): Promise<void> {
  const durationMs = numericArg('duration', 3000);
  const concurrency = numericArg('concurrency', 32);
  const cpus = planCpuPinning();
  pinThisProcess(cpus.proxyCpu);
  const child = fork(fileURLToPath(import.meta.url), ['--peers'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  pinChild(child, cpus.loadCpu);
  const logDir = mkdtempSync(join(tmpdir(), 'gantry-rpc-bench-'));
  let gateway: Gateway | undefined;
  let nginxUpstream: Upstream | null = null;
  try {
    const ports = await ask<Ports>(child, undefined, 'ready');
    nginxUpstream = await startNginxUpstream(logDir, cpus);
    const nginx = nginxUpstream === null ? null : { port: nginxUpstream.port };
    gateway = await Gateway.start(new InlineSource(gatewayConfig(ports, nginx)), { ...defaultGatewayOptions(new PluginCatalog([]), new StaticSwitches()), logDir, processMetrics: false });
    const text = 'x'.repeat(256);
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
    const all = rows(ports, gateway, nginx).filter((row) => only === undefined || row.label.includes(only));
    const wrk = installedWrkVersion();
    process.stderr.write(`rpc-bench: HTTP rows loaded by ${wrk === null ? 'a Node client (wrk not installed)' : `wrk ${wrk}`}\n`);
    for (const row of all) {
      process.stderr.write(`rpc-bench: ${row.label} (${row.via}) for ${durationMs} ms at concurrency ${concurrency}\n`);
      try {
        const load = { target: row.target, concurrency, durationMs, text };
        const measured = row.target.kind === 'http' && wrk !== null ? await wrkLoad(load, logDir, cpus) : await nodeLoad(load, cpus);
        row.result = measured.result;
        if (row.result.calls === 0) throw new Error(`no call succeeded (${row.result.errors} errors)`);
        if (row.via === 'gateway') row.gatewayCpuMicros = measured.cpuMicros / measured.callsInCpuWindow;
      } catch (error) {
        row.result = undefined;
        row.error = error instanceof Error ? error.message : String(error);
      }
    }
    process.stdout.write(`${table(all)}\n`);
  } finally {
    child.send({ cmd: 'stop' });
    await gateway?.drain();
    await nginxUpstream?.child.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

// The peers' libraries are loaded only in the child processes (see rpc-bench-service.ts).
if (process.argv.includes('--peers')) void import('./rpc-bench-peers.js').then((peers) => peers.servePeers());
else if (process.argv.includes('--load')) void import('./rpc-bench-peers.js').then((peers) => peers.serveLoad());
else void main().catch((error: unknown) => {
  process.stderr.write(`rpc-bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
