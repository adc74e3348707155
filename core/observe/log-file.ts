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
 * sonic-boom's own batching threshold. Chunks arrive already batched, so any queued byte should go
 * out at once. Not 0: sonic-boom keeps writing only while more than `minLength` bytes are queued, and
 * chunks are never shorter than 2 bytes (empty lines are not written), so 1 leaves no tail behind.
 */
const SONIC_MIN_LENGTH = 1;

/**
 * A buffered, asynchronous line writer over sonic-boom.
 *
 * Lines are gathered here as strings and handed to sonic-boom as one encoded Buffer per
 * `minLengthBytes` (or per `flushIntervalMs` when traffic is light). Batching in front of sonic-boom
 * matters: in its string mode every `write` re-measures the whole pending chunk, which costs about
 * 1 µs a line and grows with the chunk; with Buffers the cost per line is an array push here.
 * When the disk is slower than the traffic, sonic-boom's queue grows up to `maxBufferBytes` and
 * further chunks are dropped (its `drop` event) with their lines counted — the event loop never waits
 * for the disk. A file that cannot be opened turns the writer into a counting sink until `reopen()`.
 *
 * `flush()` is tracked here (bytes queued minus sonic-boom's `write` events) rather than with
 * sonic-boom's `flush(cb)`, which in 4.2.1's buffer mode crashes when called while the file is being
 * (re)opened with nothing queued.
 */
export class SonicLogWriter implements LogWriter {
  readonly enabled = true;
  private stream: SonicBoomStream;
  /**
   * Lines are encoded straight into this buffer as they arrive (one UTF-8 copy per line, no join,
   * no per-chunk string); a full buffer is handed to sonic-boom whole and a fresh one started.
   */
  private chunk: Buffer;
  private chunkBytes = 0;
  private chunkLines = 0;
  /** Lines in the chunk being handed over, for the synchronous `drop` listener. */
  private handingOverLines = 0;
  private chunkDropped = false;
  /** Bytes handed to sonic-boom and not yet reported written. */
  private queuedBytes = 0;
  private flushWaiters: (() => void)[] = [];
  private dropped = 0;
  private errors = 0;
  private lastErrorSeen: Error | undefined;
  /** The destination could not be opened; lines are counted, not kept, until `reopen()`. */
  private unusable = false;
  private closing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly destination: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdout' },
    private readonly options: LogWriterOptions,
  ) {
    this.chunk = this.newChunk();
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

  /** Appends `line` and a newline; an empty line is ignored. */
  write(line: string): void {
    if (line.length === 0) return;
    if (this.closing !== undefined || this.unusable) {
      this.dropped++;
      return;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit; make room for the worst case plus the newline.
    const worstBytes = line.length * 3 + 1;
    if (this.chunkBytes + worstBytes > this.chunk.length) {
      this.handOver();
      if (worstBytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(worstBytes);
    }
    this.chunkBytes += this.chunk.write(line, this.chunkBytes, 'utf8');
    this.chunk[this.chunkBytes++] = 0x0a;
    this.chunkLines++;
    if (this.chunkBytes >= this.options.minLengthBytes) this.handOver();
  }

  reopen(): void {
    if (this.closing !== undefined || this.destination.kind !== 'file') return;
    if (this.unusable) {
      // sonic-boom can only reopen a file it once opened; start over with a fresh stream.
      this.stream.removeAllListeners();
      this.stream.on('error', () => undefined);
      this.unusable = false;
      this.queuedBytes = 0;
      this.stream = this.openStream();
      return;
    }
    this.handOver();
    this.stream.reopen();
  }

  flush(): Promise<void> {
    if (this.closing !== undefined || this.unusable) return Promise.resolve();
    this.handOver();
    if (this.queuedBytes === 0) return Promise.resolve();
    this.retryQueuedWrite();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      clearInterval(this.timer);
      if (this.unusable) {
        this.closing = Promise.resolve();
      } else {
        this.handOver();
        this.closing = this.endStream();
      }
    }
    return this.closing;
  }

  /** Encodes the gathered lines as one chunk and queues it in sonic-boom. */
  private handOver(): void {
    const lines = this.chunkLines;
    if (lines === 0) return;
    const chunk = this.chunk.subarray(0, this.chunkBytes);
    this.chunk = this.newChunk();
    this.chunkBytes = 0;
    this.chunkLines = 0;
    this.handingOverLines = lines;
    this.chunkDropped = false;
    // In buffer mode sonic-boom's `write` takes Buffers; its typings only declare the string form.
    this.stream.write(chunk as unknown as string);
    if (!this.chunkDropped) this.queuedBytes += chunk.length;
    this.handingOverLines = 0;
  }

  /** Room for a full write plus one long line, so most chunks are handed over at `minLengthBytes`. */
  private newChunk(): Buffer {
    return Buffer.allocUnsafe(this.options.minLengthBytes + 16 * 1024);
  }

  private releaseFlushWaiters(): void {
    const waiters = this.flushWaiters;
    if (waiters.length === 0) return;
    this.flushWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private endStream(): Promise<void> {
    const stream = this.stream;
    return new Promise((resolve) => {
      stream.once('close', () => {
        this.releaseFlushWaiters();
        resolve();
      });
      // An error while draining would otherwise leave the promise pending forever.
      stream.once('error', () => resolve());
      stream.end();
    });
  }

  private openStream(): SonicBoomStream {
    const { maxBufferBytes, maxWriteBytes } = this.options;
    const isFile = this.destination.kind === 'file';
    const stream = new SonicBoom({
      dest: isFile ? this.destination.path : STDOUT_FD,
      minLength: SONIC_MIN_LENGTH,
      maxLength: maxBufferBytes,
      maxWrite: maxWriteBytes,
      contentMode: 'buffer',
      sync: false,
      mkdir: isFile,
      append: true,
    });
    let opened = !isFile;
    stream.on('ready', () => {
      opened = true;
    });
    stream.on('drop', () => {
      this.chunkDropped = true;
      this.dropped += this.handingOverLines;
    });
    stream.on('write', (bytes: number) => {
      this.queuedBytes -= bytes;
      if (this.queuedBytes <= 0) {
        this.queuedBytes = 0;
        this.releaseFlushWaiters();
      }
    });
    stream.on('error', (err: Error) => {
      this.errors++;
      this.lastErrorSeen = err;
      if (!opened) this.unusable = true;
      // A flush is a barrier, not a guarantee: callers waiting on it go on, the error is counted.
      this.releaseFlushWaiters();
    });
    return stream;
  }

  private flushOnTick(): void {
    if (this.unusable) return;
    this.handOver();
    if (this.queuedBytes > 0) this.retryQueuedWrite();
  }

  /**
   * After a failed write sonic-boom keeps the data but only retries on its next write; a callback-less
   * `flush()` starts that retry, and is a no-op while a write or an open is in progress.
   */
  private retryQueuedWrite(): void {
    this.stream.flush();
  }
}

/** Opens a writer for `destination`; `discard` needs no options and holds no resources. */
export function openLogWriter(destination: LogDestination, options: Partial<LogWriterOptions> = {}): LogWriter {
  if (destination.kind === 'discard') return new DiscardLogWriter();
  return new SonicLogWriter(destination, resolveLogWriterOptions(options));
}
