import { join } from 'node:path';
import { ConfigLog } from './config-log.js';
import { DigestLog } from './digest-log.js';
import { ErrorLog } from './error-log.js';
import { openLogWriter } from './log-file.js';
import type { LogLevel } from './log-level.js';
import type { LogWriter, LogWriterOptions } from './log-writer.js';

/** File names inside the log directory. */
export const LOG_FILE_NAMES = Object.freeze({
  digest: 'gantry-digest.log',
  error: 'gantry-error.log',
  config: 'gantry-config.log',
} as const);

/** How to build the three gateway logs. */
export interface GatewayLogsOptions {
  /**
   * Directory for the three files (created if missing). `null` or absent: no files — lines go to
   * stdout when `stdout` is true, else they are discarded.
   */
  dir?: string | null;
  /** With no `dir`: write all three logs, interleaved, to stdout (containers). */
  stdout?: boolean;
  /** Lowest error-log level written; default `info`. */
  level?: LogLevel;
  /** Digest sampling, 0–100; default 100. */
  digestSampleRatePercent?: number;
  /** Buffering of each file writer. */
  writer?: Partial<LogWriterOptions>;
}

/**
 * The digest, error and config logs of one gateway process, opened and closed together. Reopen on
 * SIGHUP (logrotate), close on shutdown.
 */
export class GatewayLogs {
  readonly digest: DigestLog;
  readonly error: ErrorLog;
  readonly config: ConfigLog;
  /** Distinct writers: one per file, or a single shared one for stdout / discard. */
  private readonly writers: readonly LogWriter[];

  constructor(digest: LogWriter, error: LogWriter, config: LogWriter, options: GatewayLogsOptions = {}) {
    const digestOptions = options.digestSampleRatePercent === undefined ? {} : { sampleRatePercent: options.digestSampleRatePercent };
    this.digest = new DigestLog(digest, digestOptions);
    this.error = new ErrorLog(error, options.level ?? 'info');
    this.config = new ConfigLog(config);
    this.writers = [...new Set([digest, error, config])];
  }

  /** Current error-log level. */
  get level(): LogLevel {
    return this.error.level;
  }

  /** Changes the error-log level at runtime. */
  setLevel(level: LogLevel): void {
    this.error.setLevel(level);
  }

  /** Lines dropped by all writers so far (feeds `gantry_log_dropped_lines_total`). */
  droppedLines(): number {
    let total = 0;
    for (const w of this.writers) total += w.droppedLines;
    return total;
  }

  /** Reopens every file at its path (after logrotate moved them). */
  reopenAll(): void {
    for (const w of this.writers) w.reopen();
  }

  /** Resolves when everything written so far has reached the OS. */
  async flushAll(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.flush()));
  }

  /** Flushes and closes every writer. */
  async closeAll(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.close()));
  }
}

/** Opens the gateway logs as `options` says (see `GatewayLogsOptions.dir`). */
export function createGatewayLogs(options: GatewayLogsOptions = {}): GatewayLogs {
  const { dir, stdout = false, writer } = options;
  if (dir !== undefined && dir !== null && dir.length > 0) {
    const open = (name: string): LogWriter => openLogWriter({ kind: 'file', path: join(dir, name) }, writer);
    return new GatewayLogs(open(LOG_FILE_NAMES.digest), open(LOG_FILE_NAMES.error), open(LOG_FILE_NAMES.config), options);
  }
  // One writer shared by the three logs, so their lines never interleave inside a write.
  const shared = openLogWriter(stdout ? { kind: 'stdout' } : { kind: 'discard' }, writer);
  return new GatewayLogs(shared, shared, shared, options);
}
