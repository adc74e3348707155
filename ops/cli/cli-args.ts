import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDurationMs } from '../../bus/audit/duration.js';

/** Thrown for a command line that cannot be understood; main prints it with usage and exits 2. */
export class UsageError extends Error {
  readonly code = 'GANTRY_USAGE';
}

/**
 * Thrown for a command that understood its arguments but could not do its job (file unreadable,
 * config invalid, NATS unreachable, node refused): main prints the message alone and exits 1.
 */
export class CliError extends Error {
  readonly code = 'GANTRY_CLI';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flag values by name, as `node:util` parses them. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** Parses one verb's flags strictly: an unknown flag is a usage error that names it. */
export function parseVerbArgs(args: readonly string[], options: Options): FlagValues {
  return parseVerbLine(args, options, 0).values;
}

/**
 * Parses flags and up to `maxPositionals` positional words (`gantry get apis NAME`): an unknown
 * flag or a word too many is a usage error that names it.
 */
export function parseVerbLine(args: readonly string[], options: Options, maxPositionals: number): { values: FlagValues; positionals: string[] } {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: maxPositionals > 0 });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals] ?? ''}"`);
  }
  return { values: parsed.values as FlagValues, positionals: parsed.positionals };
}

/** A port flag: an integer 0–65535 (0 picks a free port). */
export function portFlag(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${flag} must be a port number 0-65535, got "${String(value)}"`);
  }
  return port;
}

/** A duration flag (`10s`, `1m30s`, `500ms`) in milliseconds; `fallbackMs` when absent. */
export function durationFlag(value: string | boolean | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  try {
    return parseDurationMs(String(value));
  } catch {
    throw new UsageError(`${flag} must be a duration such as 500ms, 10s, 2m, got "${String(value)}"`);
  }
}

/** A positive integer flag; `fallback` when absent. */
export function positiveIntegerFlag(value: string | boolean | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${flag} must be a positive integer, got "${String(value)}"`);
  }
  return n;
}

/** A string flag's value, or undefined (a boolean never reaches here for string flags). */
export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
