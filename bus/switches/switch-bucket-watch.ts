/**
 * The transport half of a node's switch source: watches the last value of every key of the switch
 * bucket. Each watch session first replays the bucket's current values, handed over in one piece
 * once caught up (`synced`), then each change as it comes (`changed`). A reconnect starts a new
 * session at once (see {@link KvBucketWatch}): the replay is the truth, so a value deleted while the
 * node was cut off is noticed too.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { KvWatchInclude, type KV, type KvEntry } from '@nats-io/kv';
import { KvBucketWatch, type KvBucketWatchOptions, type KvWatchLinkHandlers } from '../kv-bucket-watch.js';
import { ensureSwitchBucket } from './switch-bucket.js';

/** What the owner of a watch is told. Calls are synchronous and never overlap. */
export interface SwitchWatchHandlers extends KvWatchLinkHandlers {
  /** The bucket's current values (deletion markers included), once per session, when caught up. */
  synced(entries: readonly KvEntry[]): void;
  /** One change after the session caught up. */
  changed(entry: KvEntry): void;
}

/** Where to watch and how fast to retry. */
export type SwitchWatchOptions = KvBucketWatchOptions;

/** One switch bucket watched for one owner, from `start` until `close`. */
export class SwitchBucketWatch extends KvBucketWatch {
  constructor(options: SwitchWatchOptions, private readonly handlers: SwitchWatchHandlers) {
    super(options, handlers);
  }

  protected openBucket(nc: NatsConnection, bucket: string): Promise<KV> {
    return ensureSwitchBucket(nc, bucket);
  }

  /** One watch session: replay of the last values, then changes. Returns when the watch ends. */
  protected async runSession(kv: KV): Promise<void> {
    // An empty bucket replays nothing: the session is caught up before its first entry.
    const empty = (await kv.status()).values === 0;
    const entries = this.follow(await kv.watch({ include: KvWatchInclude.LastValue }));
    const replay: KvEntry[] = [];
    let synced = empty;
    if (synced) this.handlers.synced(replay);
    for await (const entry of entries) {
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
}
