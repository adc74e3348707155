import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadGenerator, LoadRun } from '../../../ops/bench/load-generator.js';
import { comparePairs, measurePaired, median, type PairedRound } from '../../../ops/bench/paired-measure.js';
import { SCENARIOS, UPSTREAM_BODY } from '../../../ops/bench/scenarios.js';
import type { RunningSystem } from '../../../ops/bench/systems.js';

/** A stand-in gateway: every path answers the upstream body; the plugged one adds the plugins' header. */
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (req.url === SCENARIOS['get-100B+plugins'].path) headers['x-served-by'] = 'gantry';
    res.writeHead(200, headers).end(UPSTREAM_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The stand-in as a running system at `at` (its URL is known only once it listens). */
function system(at: string): RunningSystem {
  return { url: at, cpuPid: process.pid, deathNote: () => null, stop: async () => undefined };
}

function window(rps: number, cpuMicros: number | null): PairedRound['scenario'] {
  return { best: { load: { requests: rps, durationS: 1, rps, p50Ms: 1, p99Ms: 2, non2xx: 0, socketErrors: 0 }, elapsedMicros: 1e6, cpuMicros, foreignCpuPercent: 0 }, attempts: 1 };
}

describe('paired measurement', () => {
  it('paired - the median of an odd list is its middle value, of an even list the lower middle', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([0.9, 1.0, 0.8, 0.95])).toBe(0.9);
  });

  it('paired - compares round by round and takes the medians of the ratios and CPU deltas', () => {
    const compared = comparePairs([
      { baseline: window(1000, 30_000), scenario: window(900, 30_000) },
      { baseline: window(800, 24_000), scenario: window(780, 24_000) },
      { baseline: window(1000, 30_000), scenario: window(950, 31_350) },
    ]);
    expect(compared?.ratios).toEqual([0.9, 0.975, 0.95]);
    expect(compared?.medianRatio).toBe(0.95);
    // µs/req: 33.33 − 30, 30.77 − 30, 33 − 30 → median 3
    expect(compared?.cpuMicrosDelta).toBeCloseTo(3, 5);
    expect(compared?.baselineRps).toEqual([1000, 800, 1000]);
  });

  it('paired - has no CPU delta when a window has no CPU reading, and no comparison when a baseline saw nothing', () => {
    expect(comparePairs([{ baseline: window(1000, null), scenario: window(900, 1) }])?.cpuMicrosDelta).toBeNull();
    expect(comparePairs([{ baseline: window(0, 1), scenario: window(900, 1) }])).toBeNull();
  });

  it('paired - probes both routes, warms both up, then alternates the window order every round, with windows of their own length', async () => {
    const runs: string[] = [];
    const load: LoadGenerator = {
      description: 'fake',
      run: async (run: LoadRun) => {
        const plugged = run.scenario.path === SCENARIOS['get-100B+plugins'].path;
        runs.push(`${plugged ? 'plug' : 'bare'}:${run.durationS}`);
        const rps = plugged ? 950 : 1000;
        return { requests: rps * run.durationS, durationS: run.durationS, rps, p50Ms: 1, p99Ms: 2, non2xx: 0, socketErrors: 0 };
      },
    };
    const options = { warmupS: 1, durationS: 8, connections: 4, proxyCpu: null, noisyRetries: 0, pairedRounds: 3, pairedWindowS: 2 };
    const row = await measurePaired('gantry', system(url), SCENARIOS['get-100B+plugins'], '/bare/bench', load, options);
    expect(runs).toEqual(['bare:1', 'plug:1', 'bare:2', 'plug:2', 'plug:2', 'bare:2', 'bare:2', 'plug:2']);
    expect(row).toMatchObject({ system: 'gantry', scenario: 'get-100B+plugins', status: 'ok', load: { rps: 950 } });
    expect(row.paired?.ratios).toEqual([0.95, 0.95, 0.95]);
    expect(row.paired?.medianRatio).toBe(0.95);
  });

  it('paired - a baseline route that is not served fails the row at the probe', async () => {
    const load: LoadGenerator = { description: 'fake', run: async () => { throw new Error('not reached'); } };
    const options = { warmupS: 0, durationS: 1, connections: 1, proxyCpu: null, noisyRetries: 0, pairedRounds: 1, pairedWindowS: 1 };
    const row = await measurePaired('gantry', system('http://127.0.0.1:1'), SCENARIOS['get-100B+plugins'], '/bare/bench', load, options);
    expect(row.status).toBe('failed');
    expect(row.reason).toMatch(/^probe GET \/plug\/bench: /);
  });
});
