import { escapeLogField, escapeLogMessage } from './log-escape.js';
import { isLevelEnabled } from './log-level.js';
import type { LogLevel } from './log-level.js';
import { formatLogTime } from './log-time.js';
import type { LogWriter } from './log-writer.js';

const LEVEL_TAG: Readonly<Record<LogLevel, string>> = {
  debug: '[DEBUG]',
  info: '[INFO]',
  warn: '[WARN]',
  error: '[ERROR]',
};

/**
 * Formats one error-log line (no trailing newline):
 * `<time> [ERROR] - [<traceId>][<component>][<stage>] <message>`, with `[WARN]`, `[INFO]` or
 * `[DEBUG]` for the other levels. A missing trace id (errors outside a call) prints as `-`.
 */
export function formatErrorLogLine(
  level: LogLevel,
  traceId: string | undefined,
  component: string,
  stage: string,
  message: string,
  nowMs: number,
): string {
  return (
    `${formatLogTime(nowMs)} ${LEVEL_TAG[level]} - [${escapeLogField(traceId)}]` +
    `[${escapeLogField(component)}][${escapeLogField(stage)}] ${escapeLogMessage(message)}`
  );
}

/**
 * The gateway's own problems while handling calls (`gantry-error.log`). Entries below the current
 * level are dropped before formatting; callers that build costly messages check `isEnabled` first.
 * `component` names the part of the gateway (`Pipeline`, `HttpInvoker`, `plugin:cors`), `stage` the
 * step within it (`Request`, `Invoke`, `Response`).
 */
export class ErrorLog {
  private threshold: LogLevel;

  constructor(
    readonly writer: LogWriter,
    level: LogLevel = 'info',
  ) {
    this.threshold = level;
  }

  /** The lowest level written. */
  get level(): LogLevel {
    return this.threshold;
  }

  /** Changes the lowest level written, at runtime (log-level switch). */
  setLevel(level: LogLevel): void {
    this.threshold = level;
  }

  /** True when an entry at `level` would be written. */
  isEnabled(level: LogLevel): boolean {
    return this.writer.enabled && isLevelEnabled(this.threshold, level);
  }

  /** Writes an entry at `level` if enabled. */
  log(
    level: LogLevel,
    traceId: string | undefined,
    component: string,
    stage: string,
    message: string,
    nowMs: number = Date.now(),
  ): void {
    if (!this.isEnabled(level)) return;
    this.writer.write(formatErrorLogLine(level, traceId, component, stage, message, nowMs));
  }

  /** `log('error', ...)`. */
  error(traceId: string | undefined, component: string, stage: string, message: string, nowMs?: number): void {
    this.log('error', traceId, component, stage, message, nowMs);
  }

  /** `log('warn', ...)`. */
  warn(traceId: string | undefined, component: string, stage: string, message: string, nowMs?: number): void {
    this.log('warn', traceId, component, stage, message, nowMs);
  }

  /** `log('info', ...)`. */
  info(traceId: string | undefined, component: string, stage: string, message: string, nowMs?: number): void {
    this.log('info', traceId, component, stage, message, nowMs);
  }

  /** `log('debug', ...)`. */
  debug(traceId: string | undefined, component: string, stage: string, message: string, nowMs?: number): void {
    this.log('debug', traceId, component, stage, message, nowMs);
  }
}
