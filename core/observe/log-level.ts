/** Severity of an error-log entry; the level set at runtime is the lowest one written. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** All levels, most verbose first (the order `isLevelEnabled` compares by). */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze(['debug', 'info', 'warn', 'error']);

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** True when `value` names a log level (the switch and the CLI hand us untyped strings). */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(LEVEL_RANK, value);
}

/** True when an entry at `entryLevel` passes a logger set to `threshold`. */
export function isLevelEnabled(threshold: LogLevel, entryLevel: LogLevel): boolean {
  return LEVEL_RANK[entryLevel] >= LEVEL_RANK[threshold];
}
