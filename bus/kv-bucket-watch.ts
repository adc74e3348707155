/**
 * The transport shared by a node's KV watches (config and switches): connects to NATS (retrying
 * until it can), opens the bucket, and runs watch sessions one after another until closed. On a
 * reconnect it ends the current session and starts the next at once, because the client's own
 * ordered consumer would only notice the gap after missed heartbeats, a minute later. Which bucket
 * and what a session watches and hands over are the subclass's (`openBucket`, `runSession`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { connectBus, type BusOptions } from './connection.js';

/** Where to watch and how fast to retry. */
export interface KvBucketWatchOptions {
  readonly bus: Partial<BusOptions>;
  readonly bucket: string;
  readonly retryDelayMs: number;
}

/** What every watch tells its owner about the link itself. */
export interface KvWatchLinkHandlers {
  connected(up: boolean): void;
  /** A failure the watch recovers from by retrying; the same failure is reported once. */
  failed(error: Error): void;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One bucket watched for one owner, from `start` until `close`. */
export abstract class KvBucketWatch {
  private readonly stopping = new AbortController();
  private nc: NatsConnection | undefined;
  private watcher: QueuedIterator<KvWatchEntry> | undefined;
  private restartNow = false;
  private lastReported = '';
  private running: Promise<void> = Promise.resolve();

  constructor(protected readonly options: KvBucketWatchOptions, private readonly link: KvWatchLinkHandlers) {}

  /** Opens (creating if needed) the bucket; called until it succeeds, then kept. */
  protected abstract openBucket(nc: NatsConnection, bucket: string): Promise<KV>;

  /** One watch session, which hands its watcher to `follow`; returns when the watch ends (closed, reconnected or failed). */
  protected abstract runSession(kv: KV): Promise<void>;

  start(): void {
    this.running = this.run();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.watcher?.stop();
    await this.nc?.close().catch(() => undefined);
    await this.running;
  }

  /** True once the watch is closing: a session should return. */
  protected get closed(): boolean {
    return this.stopping.signal.aborted;
  }

  /**
   * Takes a session's watcher, so that a close or a reconnect can stop it; a new session also means
   * failures are worth reporting again. Returns the watcher's entries, ending on close.
   */
  protected follow(watcher: QueuedIterator<KvWatchEntry>): AsyncIterable<KvWatchEntry> {
    this.watcher = watcher;
    this.lastReported = '';
    if (this.closed) watcher.stop();
    return this.entriesUntilClosed(watcher);
  }

  /** Reports a failure to the owner, once per distinct message. */
  protected report(error: unknown): void {
    const reason = asError(error);
    if (reason.message === this.lastReported) return;
    this.lastReported = reason.message;
    this.link.failed(reason);
  }

  private async *entriesUntilClosed(watcher: QueuedIterator<KvWatchEntry>): AsyncIterable<KvWatchEntry> {
    for await (const entry of watcher) {
      if (this.closed) return;
      yield entry;
    }
  }

  /** Connects (retrying until closed), then follows the bucket until closed. Never rejects. */
  private async run(): Promise<void> {
    while (!this.closed && this.nc === undefined) {
      try {
        const nc = await connectBus({ ...this.options.bus, waitOnFirstConnect: false });
        if (this.closed) await nc.close();
        else this.nc = nc;
      } catch (error) {
        this.report(error);
        await this.pause();
      }
    }
    if (this.nc === undefined) return;
    this.link.connected(true);
    void this.followStatus(this.nc).catch((error: unknown) => this.report(error));
    let kv: KV | undefined;
    while (!this.closed) {
      try {
        kv ??= await this.openBucket(this.nc, this.options.bucket);
        await this.runSession(kv);
      } catch (error) {
        if (!this.closed) this.report(error);
      }
      if (!this.restartNow) await this.pause();
      this.restartNow = false;
    }
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') this.link.connected(false);
      if (status.type === 'reconnect') {
        this.link.connected(true);
        this.restartNow = true;
        this.watcher?.stop();
      }
    }
  }

  /** Waits `retryDelayMs`, or less if closed meanwhile. */
  private pause(): Promise<void> {
    return sleep(this.options.retryDelayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
