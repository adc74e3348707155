import sonicBoomModule from 'sonic-boom';
import { DiscardLogWriter, resolveLogWriterOptions } from './log-writer.js';
import type { LogWriter, LogWriterOptions } from './log-writer.js';

// sonic-boom is CommonJS: Node's ESM loader exposes only its default export, which carries the class.
const { SonicBoom } = sonicBoomModule;
type SonicBoomStream = InstanceType<typeof SonicBoom>;

/** Where a writer sends its lines. */
export type LogDestination =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdout' }
  | { readonly kind: 'discard' };

const STDOUT_FD = 1;

/**
 * Periodic flushes to try after the last write. One is not always enough: a flush that lands while
 * a write system call is in flight is a no-op and the tail waits for the next tick.
 */
const FLUSH_TICKS_AFTER_WRITE = 3;

/**
 * A buffered, asynchronous line writer over sonic-boom.
 *
 * Lines gather in memory and go out in writes of about `minLengthBytes`; a timer writes a partial
 * buffer every `flushIntervalMs`. When the disk is slower than the traffic, sonic-boom's buffer grows
 * up to `maxBufferBytes` and further lines are dropped (its `drop` event) and counted — the event loop
 * never waits for the disk. A file that cannot be opened turns the writer into a counting sink until
 * the next `reopen()`.
 */
export class SonicLogWriter implements LogWriter {
  readonly enabled = true;
  private stream: SonicBoomStream;
  private dropped = 0;
  private errors = 0;
  private lastErrorSeen: Error | undefined;
  /** The destination could not be opened; lines are counted, not buffered, until `reopen()`. */
  private unusable = false;
  private closing: Promise<void> | undefined;
  private flushTicksLeft = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly destination: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdout' },
    private readonly options: LogWriterOptions,
  ) {
    this.stream = this.openStream();
    this.timer = setInterval(() => this.flushOnTick(), options.flushIntervalMs);
    this.timer.unref();
  }

  get droppedLines(): number {
    return this.dropped;
  }

  /** Failed write or open system calls so far (sonic-boom retries the data of a failed write). */
  get writeErrors(): number {
    return this.errors;
  }

  /** The most recent write or open error, for diagnostics. */
  get lastError(): Error | undefined {
    return this.lastErrorSeen;
  }

  write(line: string): void {
    if (this.closing !== undefined || this.unusable) {
      this.dropped++;
      return;
    }
    this.stream.write(`${line}\n`);
    this.flushTicksLeft = FLUSH_TICKS_AFTER_WRITE;
  }

  reopen(): void {
    if (this.closing !== undefined || this.destination.kind !== 'file') return;
    if (this.unusable) {
      // sonic-boom can only reopen a file it once opened; start over with a fresh stream.
      this.stream.removeAllListeners();
      this.stream.on('error', () => undefined);
      this.unusable = false;
      this.stream = this.openStream();
      return;
    }
    this.stream.reopen();
  }

  flush(): Promise<void> {
    if (this.closing !== undefined || this.unusable) return Promise.resolve();
    // Resolve on error too: a flush is a barrier for callers, and errors are counted by the listener.
    return new Promise((resolve) => this.stream.flush(() => resolve()));
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      clearInterval(this.timer);
      this.closing = this.unusable ? Promise.resolve() : this.endStream();
    }
    return this.closing;
  }

  private endStream(): Promise<void> {
    const stream = this.stream;
    return new Promise((resolve) => {
      stream.once('close', () => resolve());
      // An error while draining would otherwise leave the promise pending forever.
      stream.once('error', () => resolve());
      stream.end();
    });
  }

  private openStream(): SonicBoomStream {
    const { minLengthBytes, maxBufferBytes } = this.options;
    const isFile = this.destination.kind === 'file';
    const stream = new SonicBoom({
      dest: isFile ? this.destination.path : STDOUT_FD,
      minLength: minLengthBytes,
      maxLength: maxBufferBytes,
      sync: false,
      mkdir: isFile,
      append: true,
    });
    let opened = !isFile;
    stream.on('ready', () => {
      opened = true;
    });
    stream.on('drop', () => {
      this.dropped++;
    });
    stream.on('error', (err: Error) => {
      this.errors++;
      this.lastErrorSeen = err;
      if (!opened) this.unusable = true;
    });
    return stream;
  }

  private flushOnTick(): void {
    if (this.flushTicksLeft === 0 || this.unusable) return;
    this.flushTicksLeft--;
    this.stream.flush();
  }
}

/** Opens a writer for `destination`; `discard` needs no options and holds no resources. */
export function openLogWriter(destination: LogDestination, options: Partial<LogWriterOptions> = {}): LogWriter {
  if (destination.kind === 'discard') return new DiscardLogWriter();
  return new SonicLogWriter(destination, resolveLogWriterOptions(options));
}
