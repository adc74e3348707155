import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for a command line that cannot be understood; main prints it with usage and exits 2. */
export class UsageError extends Error {
  readonly code = 'GANTRY_USAGE';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses one verb's flags strictly: an unknown flag is a usage error that names it. */
export function parseVerbArgs(args: readonly string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
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
