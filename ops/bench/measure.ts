import { cpuBusyMicros, processTreeCpuMicros } from './cpu-usage.js';
import { probeHttp } from './http-probe.js';
import type { LoadGenerator, LoadRun } from './load-generator.js';
import {
  UPSTREAM_BODY,
  UPSTREAM_BODY_BYTES_HEADER,
  UPSTREAM_TRANSFER_ENCODING_HEADER,
  scenarioBody,
  type Scenario,
} from './scenarios.js';
import type { RunningSystem } from './systems.js';
import { FOREIGN_CPU_WARN_PERCENT, type BenchRow, type LoadResult, type ScenarioName, type SystemName } from './types.js';

/** How long to load a system. */
export interface MeasureOptions {
  warmupS: number;
  durationS: number;
  connections: number;
  /** The proxy's core, whose use by other processes is reported; null when unpinned. */
  proxyCpu: number | null;
  /** Extra windows to try when other processes took more than FOREIGN_CPU_WARN_PERCENT of that core. */
  noisyRetries: number;
}

/**
 * Checks that the system really proxies the scenario's request (status 200, the upstream's body,
 * the expected header), twice on purpose: a proxy that breaks its second request on a connection
 * would otherwise be measured as a very fast error generator. Returns why not, or null.
 */
export async function probeScenario(url: string, scenario: Scenario): Promise<string | null> {
  const body = scenarioBody(scenario);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let res;
    try {
      res = await probeHttp(url + scenario.path, scenario.method, body, 5000);
    } catch (err) {
      return `probe ${scenario.method} ${scenario.path}: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (res.status !== 200 || res.body.toString('utf8') !== UPSTREAM_BODY) {
      const text = res.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 200);
      return `probe ${scenario.method} ${scenario.path}: status ${res.status}, body "${text}"`;
    }
    const lostBody = bodyDeliveryProblem(res.headers, scenario.bodyBytes);
    if (lostBody !== null) return `probe ${scenario.method} ${scenario.path}: ${lostBody}`;
    const expected = scenario.expectHeader;
    if (expected !== undefined && res.headers[expected.name] !== expected.value) {
      return `probe: response header ${expected.name} is ${JSON.stringify(res.headers[expected.name])}, expected "${expected.value}" (plugins not applied)`;
    }
  }
  return null;
}

/**
 * Whether the upstream's echo shows the request body did not arrive whole. A chunked re-framing is
 * accepted as is: nginx answers before it could count such a body.
 */
export function bodyDeliveryProblem(
  headers: Record<string, string | string[] | undefined>,
  sentBytes: number,
): string | null {
  if (sentBytes === 0) return null;
  const te = headers[UPSTREAM_TRANSFER_ENCODING_HEADER];
  if (typeof te === 'string' && te.toLowerCase().includes('chunked')) return null;
  const got = headers[UPSTREAM_BODY_BYTES_HEADER];
  if (got === String(sentBytes)) return null;
  return `upstream got a ${typeof got === 'string' ? got : '0'} B body, ${sentBytes} B were sent`;
}

/** Makes rows of one (system, scenario): failed with no numbers unless `extra` says otherwise. */
export function rowBuilder(system: SystemName, scenario: ScenarioName): (extra: Partial<BenchRow>) => BenchRow {
  return (extra) => ({ system, scenario, status: 'failed', cpuMicrosPerRequest: null, cpuPercent: null, foreignCpuPercent: null, ...extra });
}

/** Probes, warms up, then measures one scenario on a running system; never throws. */
export async function measureScenario(
  systemName: SystemName,
  system: RunningSystem,
  scenario: Scenario,
  loadGenerator: LoadGenerator,
  options: MeasureOptions,
): Promise<BenchRow> {
  const row = rowBuilder(systemName, scenario.name);
  const probeFailure = await probeScenario(system.url, scenario);
  if (probeFailure !== null) return row({ reason: withDeathNote(system, probeFailure) });
  const run = { url: system.url, scenario, connections: options.connections };
  try {
    if (options.warmupS > 0) await loadGenerator.run({ ...run, durationS: options.warmupS });
    return rowOfWindow(row, await quietestWindow(system, { ...run, durationS: options.durationS }, loadGenerator, options));
  } catch (err) {
    return row({ reason: withDeathNote(system, err instanceof Error ? err.message : String(err)) });
  }
}

/** The best window of a few and how many were measured. */
export interface QuietWindow {
  best: Window;
  attempts: number;
}

/**
 * Measures one window; on a shared machine another process may take the proxy's core mid-window,
 * so measure again (up to `noisyRetries` times) and keep the quietest window rather than publish a
 * number that says more about the neighbours.
 */
export async function quietestWindow(system: RunningSystem, run: LoadRun, loadGenerator: LoadGenerator, options: MeasureOptions): Promise<QuietWindow> {
  let best = await measureWindow(system, run, loadGenerator, options.proxyCpu);
  let attempts = 1;
  while (attempts <= options.noisyRetries && (best.foreignCpuPercent ?? 0) > FOREIGN_CPU_WARN_PERCENT) {
    const next = await measureWindow(system, run, loadGenerator, options.proxyCpu);
    attempts += 1;
    if ((next.foreignCpuPercent ?? 0) < (best.foreignCpuPercent ?? 0)) best = next;
  }
  return { best, attempts };
}

/** CPU µs per request of a window, or null without a CPU reading or requests. */
export function cpuMicrosPerRequest(window: Window): number | null {
  return window.cpuMicros === null || window.load.requests === 0 ? null : window.cpuMicros / window.load.requests;
}

/** The table row of a measured window; `row` fills in the system and scenario. */
export function rowOfWindow(row: (extra: Partial<BenchRow>) => BenchRow, { best, attempts }: QuietWindow): BenchRow {
  const { load } = best;
  if (load.requests === 0) return row({ load, reason: 'no responses during the measured window' });
  const notes: string[] = [];
  if (load.non2xx + load.socketErrors > 0) notes.push(`${load.non2xx} non-2xx responses, ${load.socketErrors} socket errors`);
  if (attempts > 1) notes.push(`quietest of ${attempts} windows`);
  return row({
    status: 'ok',
    load,
    cpuMicrosPerRequest: cpuMicrosPerRequest(best),
    cpuPercent: best.cpuMicros === null ? null : (best.cpuMicros / best.elapsedMicros) * 100,
    foreignCpuPercent: best.foreignCpuPercent,
    ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
  });
}

/** A failure reason, preceded by how the system's process died when it did: that is the real cause. */
export function withDeathNote(system: RunningSystem, reason: string): string {
  const death = system.deathNote();
  return death === null ? reason : `${death} — then: ${reason}`;
}

/** One measured window and the CPU spent in it. */
export interface Window {
  load: LoadResult;
  elapsedMicros: number;
  /** CPU of the proxy's process tree; null without a proxy or /proc. */
  cpuMicros: number | null;
  /** Share of the proxy's core used by other processes; null without a proxy, pinning or /proc. */
  foreignCpuPercent: number | null;
}

async function measureWindow(system: RunningSystem, run: LoadRun, loadGenerator: LoadGenerator, proxyCpu: number | null): Promise<Window> {
  // Only a proxy row has a core to guard: with no proxy (direct) nothing of ours runs on it.
  const guardedCore = system.cpuPid === null ? null : proxyCpu;
  const cpuBefore = system.cpuPid === null ? null : processTreeCpuMicros(system.cpuPid);
  const coreBefore = guardedCore === null ? null : cpuBusyMicros(guardedCore);
  const startedAt = process.hrtime.bigint();
  const load = await loadGenerator.run(run);
  const elapsedMicros = Number(process.hrtime.bigint() - startedAt) / 1000;
  const cpuAfter = system.cpuPid === null ? null : processTreeCpuMicros(system.cpuPid);
  const coreAfter = guardedCore === null ? null : cpuBusyMicros(guardedCore);
  const cpuMicros = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  const coreMicros = coreBefore === null || coreAfter === null ? null : coreAfter - coreBefore;
  const foreignCpuPercent = coreMicros === null ? null : (Math.max(0, coreMicros - (cpuMicros ?? 0)) / elapsedMicros) * 100;
  return { load, elapsedMicros, cpuMicros, foreignCpuPercent };
}
