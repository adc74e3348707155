/**
 * The line sink every Gantry log writes through. Implementations never block the caller and never
 * throw from `write`: a line that cannot be kept is dropped and counted.
 */
export interface LogWriter {
  /**
   * False when every line is thrown away; loggers check it to skip formatting altogether.
   */
  readonly enabled: boolean;
  /** Lines dropped so far (buffer over its cap, destination unusable, or written after close). */
  readonly droppedLines: number;
  /** Appends one entry; `line` has no trailing newline, the writer adds it. */
  write(line: string): void;
  /** Reopens the destination path, for logrotate's move-then-signal rotation. No-op when not a file. */
  reopen(): void;
  /** Resolves once everything written so far has been handed to the OS. */
  flush(): Promise<void>;
  /** Flushes, then releases the destination. Idempotent; later writes are dropped. */
  close(): Promise<void>;
}

/** Tuning of a buffered writer. */
export interface LogWriterOptions {
  /** Bytes gathered before one write system call is issued; below 16384 (sonic-boom's write size). */
  minLengthBytes: number;
  /** Buffered bytes (waiting plus being written) above which new lines are dropped. */
  maxBufferBytes: number;
  /** How often a partly filled buffer is written anyway, so a quiet log still reaches the file. */
  flushIntervalMs: number;
}

/** Defaults: 4 KiB writes, 16 MiB cap, one flush a second. */
export function defaultLogWriterOptions(): LogWriterOptions {
  return { minLengthBytes: 4096, maxBufferBytes: 16 * 1024 * 1024, flushIntervalMs: 1000 };
}

const MAX_MIN_LENGTH_BYTES = 16 * 1024;

/** Merges `options` over the defaults and checks the rules that span fields. */
export function resolveLogWriterOptions(options: Partial<LogWriterOptions> = {}): LogWriterOptions {
  const resolved = { ...defaultLogWriterOptions(), ...options };
  const { minLengthBytes, maxBufferBytes, flushIntervalMs } = resolved;
  if (!Number.isInteger(minLengthBytes) || minLengthBytes < 0 || minLengthBytes >= MAX_MIN_LENGTH_BYTES) {
    throw new RangeError(`minLengthBytes must be an integer in [0, ${MAX_MIN_LENGTH_BYTES}), got ${minLengthBytes}`);
  }
  if (!Number.isInteger(maxBufferBytes) || maxBufferBytes <= minLengthBytes) {
    throw new RangeError(
      `maxBufferBytes (${maxBufferBytes}) must be an integer above minLengthBytes (${minLengthBytes})`,
    );
  }
  if (!Number.isFinite(flushIntervalMs) || flushIntervalMs <= 0) {
    throw new RangeError(`flushIntervalMs must be a positive number, got ${flushIntervalMs}`);
  }
  return resolved;
}

/** A writer that keeps nothing: tests, and `--log-dir none`. */
export class DiscardLogWriter implements LogWriter {
  readonly enabled = false;
  readonly droppedLines = 0;
  write(_line: string): void {}
  reopen(): void {}
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * A writer that keeps lines in memory, for tests of code that logs. It holds at most `maxLines`
 * lines (oldest first out, counted as dropped) so a long test cannot grow without bound.
 */
export class MemoryLogWriter implements LogWriter {
  readonly enabled = true;
  readonly lines: string[] = [];
  droppedLines = 0;
  reopenCount = 0;
  closed = false;

  constructor(private readonly maxLines = 10_000) {}

  write(line: string): void {
    if (this.closed) {
      this.droppedLines++;
      return;
    }
    if (this.lines.length >= this.maxLines) {
      this.lines.shift();
      this.droppedLines++;
    }
    this.lines.push(line);
  }

  reopen(): void {
    this.reopenCount++;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
