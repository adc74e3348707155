import { cpuBusyMicros, processTreeCpuMicros } from './cpu-usage.js';
import { probeHttp } from './http-probe.js';
import type { LoadGenerator } from './load-generator.js';
import {
  UPSTREAM_BODY,
  UPSTREAM_BODY_BYTES_HEADER,
  UPSTREAM_TRANSFER_ENCODING_HEADER,
  scenarioBody,
  type Scenario,
} from './scenarios.js';
import type { RunningSystem } from './systems.js';
import type { BenchRow, SystemName } from './types.js';

/** How long to load a system. */
export interface MeasureOptions {
  warmupS: number;
  durationS: number;
  connections: number;
  /** The proxy's core, whose use by other processes is reported; null when unpinned. */
  proxyCpu: number | null;
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

/** Probes, warms up, then measures one scenario on a running system; never throws. */
export async function measureScenario(
  systemName: SystemName,
  system: RunningSystem,
  scenario: Scenario,
  loadGenerator: LoadGenerator,
  options: MeasureOptions,
): Promise<BenchRow> {
  const row = (extra: Partial<BenchRow>): BenchRow => ({
    system: systemName,
    scenario: scenario.name,
    status: 'failed',
    cpuMicrosPerRequest: null,
    cpuPercent: null,
    foreignCpuPercent: null,
    ...extra,
  });
  const probeFailure = await probeScenario(system.url, scenario);
  if (probeFailure !== null) return row({ reason: probeFailure });
  const run = { url: system.url, scenario, connections: options.connections };
  try {
    if (options.warmupS > 0) await loadGenerator.run({ ...run, durationS: options.warmupS });
    const cpuBefore = system.cpuPid === null ? null : processTreeCpuMicros(system.cpuPid);
    // Only a proxy row has a core to guard: with no proxy (direct) nothing of ours runs on it.
    const guardedCore = system.cpuPid === null ? null : options.proxyCpu;
    const coreBefore = guardedCore === null ? null : cpuBusyMicros(guardedCore);
    const startedAt = process.hrtime.bigint();
    const load = await loadGenerator.run({ ...run, durationS: options.durationS });
    const elapsedMicros = Number(process.hrtime.bigint() - startedAt) / 1000;
    const cpuAfter = system.cpuPid === null ? null : processTreeCpuMicros(system.cpuPid);
    const coreAfter = guardedCore === null ? null : cpuBusyMicros(guardedCore);
    if (load.requests === 0) return row({ load, reason: 'no responses during the measured window' });
    const cpuMicros = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    const coreMicros = coreBefore === null || coreAfter === null ? null : coreAfter - coreBefore;
    const failures = load.non2xx + load.socketErrors;
    return row({
      status: 'ok',
      load,
      cpuMicrosPerRequest: cpuMicros === null ? null : cpuMicros / load.requests,
      cpuPercent: cpuMicros === null ? null : (cpuMicros / elapsedMicros) * 100,
      foreignCpuPercent: coreMicros === null ? null : (Math.max(0, coreMicros - (cpuMicros ?? 0)) / elapsedMicros) * 100,
      ...(failures > 0 ? { reason: `${load.non2xx} non-2xx responses, ${load.socketErrors} socket errors` } : {}),
    });
  } catch (err) {
    return row({ reason: err instanceof Error ? err.message : String(err) });
  }
}
