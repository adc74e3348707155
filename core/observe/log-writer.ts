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
  /** Bytes of lines gathered before they are encoded and queued for the file as one chunk. */
  minLengthBytes: number;
  /** Queued bytes (waiting plus being written) above which new chunks are dropped. */
  maxBufferBytes: number;
  /**
   * Largest single write system call. sonic-boom keeps one write in flight and learns of its end on
   * the next event-loop turn, so this is also the most a writer can drain per turn.
   */
  maxWriteBytes: number;
  /** How often a partly filled chunk is written anyway, so a quiet log still reaches the file. */
  flushIntervalMs: number;
}

/** Defaults: 4 KiB chunks, 16 MiB cap, 1 MiB writes, one flush a second. */
export function defaultLogWriterOptions(): LogWriterOptions {
  return { minLengthBytes: 65536, maxBufferBytes: 16 * 1024 * 1024, maxWriteBytes: 1024 * 1024, flushIntervalMs: 1000 };
}

/** Merges `options` over the defaults and checks the rules that span fields. */
export function resolveLogWriterOptions(options: Partial<LogWriterOptions> = {}): LogWriterOptions {
  const resolved = { ...defaultLogWriterOptions(), ...options };
  const { minLengthBytes, maxBufferBytes, maxWriteBytes, flushIntervalMs } = resolved;
  if (!Number.isInteger(maxWriteBytes) || maxWriteBytes <= 0) {
    throw new RangeError(`maxWriteBytes must be a positive integer, got ${maxWriteBytes}`);
  }
  if (!Number.isInteger(minLengthBytes) || minLengthBytes < 0 || minLengthBytes > maxWriteBytes) {
    throw new RangeError(
      `minLengthBytes (${minLengthBytes}) must be an integer from 0 to maxWriteBytes (${maxWriteBytes})`,
    );
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
