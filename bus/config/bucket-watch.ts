/**
 * The transport half of a node's config source: connects to NATS (retrying until it can), opens
 * the config bucket, and watches it with full history, handing every commit to deliver to its
 * owner in revision order. On a reconnect it restarts the watch right after the last revision seen
 * (the client's own ordered consumer would only notice after missed heartbeats, a minute later).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { KvWatchInclude, type KV, type KvWatchEntry } from '@nats-io/kv';
import { connectBus, type BusOptions } from '../connection.js';
import { ensureConfigBucket } from './config-bucket.js';
import { CommitFollower, type CommitArrival } from './commit-follower.js';
import type { ReadValueAt } from './committed-state.js';

/** What the owner of a watch is told. Calls are never concurrent: each is awaited before the next entry. */
export interface BucketWatchHandlers {
  /** A commit to deliver, with the way to read the values its manifest names. */
  arrive(arrival: CommitArrival, read: ReadValueAt): Promise<void>;
  /** The bucket's history was read to the end and holds no commit. */
  caughtUpWithoutCommit(): void;
  /** The bucket's revisions went backwards (its store was lost): revisions seen so far mean nothing. */
  restarted(): void;
  connected(up: boolean): void;
  /** A failure the watch recovers from by retrying; the same failure is reported once. */
  failed(error: Error): void;
}

/** Where to watch and how fast to retry. */
export interface BucketWatchOptions {
  readonly bus: Partial<BusOptions>;
  readonly bucket: string;
  readonly retryDelayMs: number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One bucket watched for one owner, from `start` until `close`. */
export class BucketWatch {
  private readonly follower = new CommitFollower();
  private readonly stopping = new AbortController();
  private nc: NatsConnection | undefined;
  private watcher: QueuedIterator<KvWatchEntry> | undefined;
  private restartNow = false;
  private lastReported = '';
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: BucketWatchOptions, private readonly handlers: BucketWatchHandlers) {}

  start(): void {
    this.running = this.run();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.watcher?.stop();
    await this.nc?.close().catch(() => undefined);
    await this.running;
  }

  private get closed(): boolean {
    return this.stopping.signal.aborted;
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
    this.handlers.connected(true);
    void this.followStatus(this.nc).catch((error: unknown) => this.report(error));
    let kv: KV | undefined;
    while (!this.closed) {
      try {
        kv ??= await ensureConfigBucket(this.nc, this.options.bucket);
        await this.followOnce(kv);
      } catch (error) {
        if (!this.closed) this.report(error);
      }
      if (!this.restartNow) await this.pause();
      this.restartNow = false;
    }
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') this.handlers.connected(false);
      if (status.type === 'reconnect') {
        this.handlers.connected(true);
        this.restartNow = true;
        this.watcher?.stop();
      }
    }
  }

  /** One watch session, from the revision after the last one seen. Returns when the watch ends. */
  private async followOnce(kv: KV): Promise<void> {
    const lastRevision = (await kv.status()).streamInfo.state.last_seq;
    if (lastRevision < this.follower.lastSeen) {
      this.report(new Error(`bucket ${this.options.bucket} is back at revision ${lastRevision} (was ${this.follower.lastSeen}); following it from the start`));
      this.follower.reset();
      this.handlers.restarted();
    }
    const from = this.follower.lastSeen + 1;
    const watcher = await kv.watch({ include: KvWatchInclude.AllHistory, resumeFromRevision: from });
    this.watcher = watcher;
    this.follower.beginSession(lastRevision);
    this.lastReported = '';
    if (this.closed) watcher.stop();
    const read = this.follower.reader(kv);
    if (lastRevision < from) await this.arrive(this.follower.takePending(), read);
    for await (const entry of watcher) {
      if (this.closed) break;
      await this.arrive(this.follower.accept(entry), read);
    }
  }

  private async arrive(arrival: CommitArrival | undefined, read: ReadValueAt): Promise<void> {
    if (arrival !== undefined) await this.handlers.arrive(arrival, read);
    else if (this.follower.caughtUp && !this.follower.hasCommit) this.handlers.caughtUpWithoutCommit();
  }

  private report(error: unknown): void {
    const reason = asError(error);
    if (reason.message === this.lastReported) return;
    this.lastReported = reason.message;
    this.handlers.failed(reason);
  }

  /** Waits `retryDelayMs`, or less if closed meanwhile. */
  private pause(): Promise<void> {
    return sleep(this.options.retryDelayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
