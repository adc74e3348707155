/** Shared vocabulary of the HTTP data-plane benchmark: systems, scenarios, load results and rows. */

/** Every system the benchmark can put under load, in the order they run and are printed. */
export const SYSTEM_NAMES = [
  'direct',
  'minimal-forwarder',
  'reply-from',
  'fast-gateway',
  'nginx-proxy',
  'gantry',
] as const;

/** One system under test. */
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** The peers whose RPS every row is divided by, one ratio column each. */
export const RATIO_PEERS = ['minimal-forwarder', 'reply-from', 'fast-gateway', 'nginx-proxy'] as const;

/** One peer of the ratio columns. */
export type RatioPeer = (typeof RATIO_PEERS)[number];

/** Every scenario, in print order. */
export const SCENARIO_NAMES = ['get-100B', 'post-4KiB', 'get-100B+plugins'] as const;

/** One traffic shape. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  /** Responses received during the measured window (any status). */
  requests: number;
  /** Length of the measured window, seconds. */
  durationS: number;
  /** requests / durationS. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses whose status was not 2xx/3xx. */
  non2xx: number;
  /** Connect/read/write errors and timeouts. */
  socketErrors: number;
}

/**
 * Share of the proxy's core, in percent, that other processes may take during a window before the
 * window is measured again and, if it stays that busy, flagged in the report.
 */
export const FOREIGN_CPU_WARN_PERCENT = 5;

/** The state of one table row. */
export type RowStatus = 'ok' | 'failed' | 'skipped';

/** One (system, scenario) cell of the run. */
export interface BenchRow {
  system: SystemName;
  scenario: ScenarioName;
  status: RowStatus;
  /** Why the row failed or was skipped; absent when ok. */
  reason?: string;
  load?: LoadResult;
  /** CPU time of the proxy process tree per request, µs; null when not measured. */
  cpuMicrosPerRequest: number | null;
  /** CPU used by the proxy process tree over the window, percent of one core; null when not measured. */
  cpuPercent: number | null;
  /**
   * CPU time other processes took on the proxy's core over the window, percent of that core; null when
   * not measured. Anything above a few percent means the machine was not quiet and the row is suspect.
   */
  foreignCpuPercent: number | null;
  /** Rows measured in alternating windows against a baseline route of the same process (see Scenario). */
  paired?: PairedComparison;
}

/** A scenario against its in-process baseline, round by round. */
export interface PairedComparison {
  /** RPS of the scenario's window ÷ RPS of the baseline window, per round. */
  ratios: number[];
  /** The median of `ratios`: the number the row stands for. */
  medianRatio: number;
  /** Median over the rounds of (CPU µs/req of the scenario − of the baseline); null without CPU readings. */
  cpuMicrosDelta: number | null;
  /** The baseline's RPS per round, for the report. */
  baselineRps: number[];
}
