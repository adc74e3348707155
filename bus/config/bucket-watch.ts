/**
 * The transport half of a node's config source: watches the config bucket with full history,
 * handing every commit to its owner in revision order. Each session resumes right after the last
 * revision seen; connecting, retrying and re-watching after a reconnect are {@link KvBucketWatch}'s.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { KvWatchInclude, type KV } from '@nats-io/kv';
import { KvBucketWatch, type KvBucketWatchOptions, type KvWatchLinkHandlers } from '../kv-bucket-watch.js';
import { ensureConfigBucket } from './config-bucket.js';
import { CommitFollower, type CommitArrival } from './commit-follower.js';
import type { ReadValueAt } from './committed-state.js';

/** What the owner of a watch is told. Calls are never concurrent: each is awaited before the next entry. */
export interface BucketWatchHandlers extends KvWatchLinkHandlers {
  /** A commit to deliver, with the way to read the values its manifest names. */
  arrive(arrival: CommitArrival, read: ReadValueAt): Promise<void>;
  /** The bucket's history was read to the end and holds no commit. */
  caughtUpWithoutCommit(): void;
  /** The bucket's revisions went backwards (its store was lost): revisions seen so far mean nothing. */
  restarted(): void;
}

/** Where to watch and how fast to retry. */
export type BucketWatchOptions = KvBucketWatchOptions;

/** One config bucket watched for one owner, from `start` until `close`. */
export class BucketWatch extends KvBucketWatch {
  private readonly follower = new CommitFollower();

  constructor(options: BucketWatchOptions, private readonly handlers: BucketWatchHandlers) {
    super(options, handlers);
  }

  protected openBucket(nc: NatsConnection, bucket: string): Promise<KV> {
    return ensureConfigBucket(nc, bucket);
  }

  /** One watch session, from the revision after the last one seen. Returns when the watch ends. */
  protected async runSession(kv: KV): Promise<void> {
    const lastRevision = (await kv.status()).streamInfo.state.last_seq;
    if (lastRevision < this.follower.lastSeen) {
      this.report(new Error(`bucket ${this.options.bucket} is back at revision ${lastRevision} (was ${this.follower.lastSeen}); following it from the start`));
      this.follower.reset();
      this.handlers.restarted();
    }
    const from = this.follower.lastSeen + 1;
    const watcher = await kv.watch({ include: KvWatchInclude.AllHistory, resumeFromRevision: from });
    this.follower.beginSession(lastRevision);
    const entries = this.follow(watcher);
    const read = this.follower.reader(kv);
    if (lastRevision < from) await this.arrive(this.follower.takePending(), read);
    for await (const entry of entries) await this.arrive(this.follower.accept(entry), read);
  }

  private async arrive(arrival: CommitArrival | undefined, read: ReadValueAt): Promise<void> {
    if (arrival !== undefined) await this.handlers.arrive(arrival, read);
    else if (this.follower.caughtUp && !this.follower.hasCommit) this.handlers.caughtUpWithoutCommit();
  }
}
