import { availableParallelism } from 'node:os';

/** More workers than this is a typo, not a deployment. */
const MAX_WORKERS = 256;

/** Thrown for a `--workers` value that is neither a count nor `auto`. */
export class WorkersCountError extends Error {
  readonly code = 'GANTRY_WORKERS_COUNT';
}

/**
 * The number of worker processes of `--workers VALUE`: absent is 1 (one process, no primary),
 * `auto` is the cores this process may use (`os.availableParallelism()`), else a whole number ≥ 1.
 */
export function workersCount(value: string | undefined, cores: () => number = availableParallelism): number {
  if (value === undefined) return 1;
  if (value === 'auto') return Math.max(1, cores());
  if (!/^[0-9]+$/.test(value)) throw new WorkersCountError(`--workers must be a number or "auto", got "${value}"`);
  const count = Number.parseInt(value, 10);
  if (count < 1 || count > MAX_WORKERS) throw new WorkersCountError(`--workers must be between 1 and ${MAX_WORKERS}, got ${count}`);
  return count;
}
