/**
 * Measures a scenario against a baseline route of the same process in alternating windows.
 *
 * Why: the cost of two header plugins is a few percent of a call, while two fresh gateway processes
 * measured one after the other differ by more than that on this VM (JIT decisions, memory layout,
 * what the neighbours do that minute). One process serving both routes, windows alternating A B,
 * B A, A B … and the median of the per-round ratios leaves only the difference between the routes.
 */
import type { LoadGenerator } from './load-generator.js';
import { cpuMicrosPerRequest, probeScenario, quietestWindow, rowBuilder, rowOfWindow, withDeathNote, type MeasureOptions, type QuietWindow } from './measure.js';
import type { Scenario } from './scenarios.js';
import type { RunningSystem } from './systems.js';
import type { BenchRow, PairedComparison, SystemName } from './types.js';

/** Median of a non-empty list (the lower middle for an even count, so it is one measured value). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** One round: the scenario's window and the baseline's. */
export interface PairedRound {
  scenario: QuietWindow;
  baseline: QuietWindow;
}

/** The comparison of the rounds; null when a baseline window saw no request. */
export function comparePairs(rounds: readonly PairedRound[]): PairedComparison | null {
  if (rounds.length === 0 || rounds.some((r) => r.baseline.best.load.rps === 0)) return null;
  const ratios = rounds.map((r) => r.scenario.best.load.rps / r.baseline.best.load.rps);
  const deltas = rounds.map((r) => {
    const withWork = cpuMicrosPerRequest(r.scenario.best);
    const without = cpuMicrosPerRequest(r.baseline.best);
    return withWork === null || without === null ? null : withWork - without;
  });
  const cpuDeltas = deltas.filter((d): d is number => d !== null);
  return {
    ratios,
    medianRatio: median(ratios),
    cpuMicrosDelta: cpuDeltas.length === rounds.length ? median(cpuDeltas) : null,
    baselineRps: rounds.map((r) => r.baseline.best.load.rps),
  };
}

/**
 * Probes and warms up both routes, then measures `rounds` pairs of windows, alternating which goes
 * first. The row shows the scenario's median-ratio round, with `paired` holding every round; never throws.
 */
export async function measurePaired(
  systemName: SystemName,
  system: RunningSystem,
  scenario: Scenario,
  baselinePath: string,
  loadGenerator: LoadGenerator,
  options: MeasureOptions & { pairedRounds: number; pairedWindowS: number },
): Promise<BenchRow> {
  const row = rowBuilder(systemName, scenario.name);
  const baseline: Scenario = { name: scenario.name, method: scenario.method, path: baselinePath, bodyBytes: scenario.bodyBytes, baseScenario: scenario.baseScenario };
  for (const probed of [scenario, baseline]) {
    const failure = await probeScenario(system.url, probed);
    if (failure !== null) return row({ reason: withDeathNote(system, failure) });
  }
  const runOf = (s: Scenario, durationS: number) => ({ url: system.url, scenario: s, connections: options.connections, durationS });
  try {
    if (options.warmupS > 0) {
      await loadGenerator.run(runOf(baseline, options.warmupS));
      await loadGenerator.run(runOf(scenario, options.warmupS));
    }
    const rounds: PairedRound[] = [];
    for (let round = 0; round < options.pairedRounds; round++) {
      const measure = (s: Scenario): Promise<QuietWindow> => quietestWindow(system, runOf(s, options.pairedWindowS), loadGenerator, options);
      // Alternate the order so a drift over the run (thermal, neighbours) lands on both sides alike.
      if (round % 2 === 0) {
        const first = await measure(baseline);
        rounds.push({ baseline: first, scenario: await measure(scenario) });
      } else {
        const first = await measure(scenario);
        rounds.push({ scenario: first, baseline: await measure(baseline) });
      }
    }
    const paired = comparePairs(rounds);
    if (paired === null) return row({ reason: 'no responses on the baseline route during a measured window' });
    const shown = rounds[paired.ratios.indexOf(paired.medianRatio)] as PairedRound;
    return { ...rowOfWindow(row, shown.scenario), paired };
  } catch (err) {
    return row({ reason: withDeathNote(system, err instanceof Error ? err.message : String(err)) });
  }
}
