/**
 * The transport half of a node's switch source: connects to NATS (retrying until it can), opens
 * the switch bucket and watches the last value of every key. Each watch session first replays the
 * bucket's current values, handed over in one piece once caught up (`synced`), then each change as
 * it comes (`changed`). On a reconnect it starts a new session at once: the replay is the truth,
 * so a value deleted while the node was cut off is noticed too (the client's own ordered consumer
 * would only notice the gap after missed heartbeats, a minute later).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { KvWatchInclude, type KV, type KvEntry, type KvWatchEntry } from '@nats-io/kv';
import { connectBus, type BusOptions } from '../connection.js';
import { ensureSwitchBucket } from './switch-bucket.js';

/** What the owner of a watch is told. Calls are synchronous and never overlap. */
export interface SwitchWatchHandlers {
  /** The bucket's current values (deletion markers included), once per session, when caught up. */
  synced(entries: readonly KvEntry[]): void;
  /** One change after the session caught up. */
  changed(entry: KvEntry): void;
  connected(up: boolean): void;
  /** A failure the watch recovers from by retrying; the same failure is reported once. */
  failed(error: Error): void;
}

/** Where to watch and how fast to retry. */
export interface SwitchWatchOptions {
  readonly bus: Partial<BusOptions>;
  readonly bucket: string;
  readonly retryDelayMs: number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One switch bucket watched for one owner, from `start` until `close`. */
export class SwitchBucketWatch {
  private readonly stopping = new AbortController();
  private nc: NatsConnection | undefined;
  private watcher: QueuedIterator<KvWatchEntry> | undefined;
  private restartNow = false;
  private lastReported = '';
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: SwitchWatchOptions, private readonly handlers: SwitchWatchHandlers) {}

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
        kv ??= await ensureSwitchBucket(this.nc, this.options.bucket);
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

  /** One watch session: replay of the last values, then changes. Returns when the watch ends. */
  private async followOnce(kv: KV): Promise<void> {
    // An empty bucket replays nothing: the session is caught up before its first entry.
    const empty = (await kv.status()).values === 0;
    const watcher = await kv.watch({ include: KvWatchInclude.LastValue });
    this.watcher = watcher;
    this.lastReported = '';
    if (this.closed) watcher.stop();
    const replay: KvEntry[] = [];
    let synced = empty;
    if (synced) this.handlers.synced(replay);
    for await (const entry of watcher) {
      if (this.closed) break;
      if (synced) {
        this.handlers.changed(entry);
        continue;
      }
      replay.push(entry);
      // `delta` is what the server still has pending for this watch: 0 means caught up.
      if (entry.delta === 0) {
        synced = true;
        this.handlers.synced(replay);
      }
    }
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
