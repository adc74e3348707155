import { parseArgs } from 'node:util';
import { SCENARIO_NAMES, SYSTEM_NAMES, type ScenarioName, type SystemName } from './types.js';

/** Everything a run can be told, fully resolved. */
export interface BenchOptions {
  /** Measured window per scenario, seconds. */
  durationS: number;
  /** Discarded load before each measured window, seconds. */
  warmupS: number;
  /** Concurrent keep-alive connections of the load generator. */
  connections: number;
  /** Systems to run, in run order. */
  systems: SystemName[];
  /** Scenarios to run, in run order. */
  scenarios: ScenarioName[];
  /** Extra measured windows for a scenario whose window was disturbed by other processes. */
  noisyRetries: number;
  /** Window pairs (baseline route, scenario route) of a scenario measured against an in-process baseline. */
  pairedRounds: number;
  /** Length of each of those windows, seconds: short, so the two of a pair see the same machine. */
  pairedWindowS: number;
  /** Use nginx (upstream and nginx-proxy row) when installed; BENCH_NGINX=off tries the fallback. */
  allowNginx: boolean;
  /** Use wrk when installed; BENCH_LOAD_GENERATOR=autocannon tries the fallback. */
  allowWrk: boolean;
}

/** Defaults: long enough for a stable RPS on 2 cores, short enough that a full run stays under ~3 min. */
export function defaultBenchOptions(): BenchOptions {
  return {
    durationS: 8,
    warmupS: 2,
    connections: 32,
    systems: [...SYSTEM_NAMES],
    scenarios: [...SCENARIO_NAMES],
    noisyRetries: 2,
    pairedRounds: 12,
    pairedWindowS: 2,
    allowNginx: true,
    allowWrk: true,
  };
}

/**
 * Reads options from flags (`--only`, `--scenarios`, `--duration-s`, `--warmup-s`, `--connections`),
 * falling back to BENCH_ONLY, BENCH_SCENARIOS, BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_CONNECTIONS;
 * BENCH_NOISY_RETRIES sets how often a disturbed window is measured again; BENCH_PAIRED_ROUNDS and
 * BENCH_PAIRED_WINDOW_S how many window pairs, how long each, the plugins scenario takes against its
 * in-process baseline;
 * BENCH_NGINX=off and BENCH_LOAD_GENERATOR=autocannon exercise the fallbacks on a machine that has both.
 * Throws an Error naming the flag or variable on a bad value.
 */
export function benchOptionsFrom(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      scenarios: { type: 'string' },
      'duration-s': { type: 'string' },
      'warmup-s': { type: 'string' },
      connections: { type: 'string' },
    },
    strict: true,
  });
  const defaults = defaultBenchOptions();
  return {
    durationS: positiveNumber('BENCH_DURATION_S', values['duration-s'] ?? env.BENCH_DURATION_S, defaults.durationS),
    warmupS: nonNegativeNumber('BENCH_WARMUP_S', values['warmup-s'] ?? env.BENCH_WARMUP_S, defaults.warmupS),
    connections: Math.round(
      positiveNumber('BENCH_CONNECTIONS', values.connections ?? env.BENCH_CONNECTIONS, defaults.connections),
    ),
    systems: pickNames('BENCH_ONLY', values.only ?? env.BENCH_ONLY, SYSTEM_NAMES),
    scenarios: pickNames('BENCH_SCENARIOS', values.scenarios ?? env.BENCH_SCENARIOS, SCENARIO_NAMES),
    noisyRetries: Math.round(nonNegativeNumber('BENCH_NOISY_RETRIES', env.BENCH_NOISY_RETRIES, defaults.noisyRetries)),
    pairedRounds: Math.round(positiveNumber('BENCH_PAIRED_ROUNDS', env.BENCH_PAIRED_ROUNDS, defaults.pairedRounds)),
    pairedWindowS: positiveNumber('BENCH_PAIRED_WINDOW_S', env.BENCH_PAIRED_WINDOW_S, defaults.pairedWindowS),
    allowNginx: env.BENCH_NGINX !== 'off',
    allowWrk: env.BENCH_LOAD_GENERATOR !== 'autocannon',
  };
}

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  const value = nonNegativeNumber(name, raw, fallback);
  if (value === 0) throw new Error(`${name}: must be greater than 0`);
  return value;
}

function nonNegativeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: expected a number >= 0, got "${raw}"`);
  return value;
}

/** Keeps the canonical order whatever order the user listed the names in, so tables always line up. */
function pickNames<T extends string>(name: string, raw: string | undefined, all: readonly T[]): T[] {
  if (raw === undefined || raw.trim() === '') return [...all];
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = wanted.filter((w) => !(all as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new Error(`${name}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
  }
  return all.filter((n) => wanted.includes(n));
}
