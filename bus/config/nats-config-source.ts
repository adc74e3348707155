import { setTimeout as sleep } from 'node:timers/promises';
import type { ConfigCandidate, ConfigSource, DeliverConfig } from '../../core/gateway/config-source.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';
import { BucketWatch } from './bucket-watch.js';
import { entriesToDocument } from './config-entries.js';
import { entriesFromManifest, type ReadValueAt } from './committed-state.js';
import type { CommitArrival } from './commit-follower.js';
import { ConfigPlaneError } from './config-plane-error.js';
import { lastGoodPath, readLastGood, writeLastGood, type LastGoodConfig } from './last-good.js';
import { defaultNatsConfigSourceOptions, type NatsConfigSourceOptions, type NatsConfigSourceState } from './nats-config-source-options.js';

/** The config delivered last; `fromFile` while it is the last-good copy. */
interface Delivered {
  readonly revision: number;
  readonly cs: string;
  readonly fromFile: boolean;
}

/** A promise with its settle functions (Node 20 has no `Promise.withResolvers`). */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * A node's config source on the bus: follows the config bucket's commits (see README.md) and
 * delivers each committed config once, in order, whole. Keeps a last-good copy on disk so the node
 * starts while NATS is down, and re-syncs to the newest commit when NATS comes back.
 *
 * Decision table for a commit arriving from the bucket (the watch replays history first and hands
 * over only the newest commit of it, then each commit as it comes):
 *
 *   delivered last                      | commit                     | action
 *   ------------------------------------|----------------------------|----------------------------------
 *   a bucket commit at revision r       | revision <= r              | skip (already delivered)
 *   the last-good copy of (r, cs)       | same revision and cs       | skip, no longer stale
 *   anything else, or nothing           | any                        | deliver; save the copy if applied
 *   nothing, and the commit is refused  | (a last-good copy exists)  | deliver the copy instead, stale
 */
export class NatsConfigSource implements ConfigSource {
  readonly name = 'nats';
  private readonly options: NatsConfigSourceOptions;
  private readonly origin: string;
  private readonly watch: BucketWatch;
  private current: NatsConfigSourceState = { connected: false, stale: false, revision: 0, origin: '' };
  private deliver: DeliverConfig | undefined;
  private lastGood: LastGoodConfig | undefined;
  private delivered: Delivered | undefined;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly first = deferred<ApplyOutcome>();
  private readonly bucketEmpty = deferred<void>();
  private firstSettled = false;

  constructor(options: Partial<NatsConfigSourceOptions> = {}) {
    this.options = { ...defaultNatsConfigSourceOptions(), ...options };
    this.origin = `nats:${this.options.bucket}`;
    // Why: after `close` nobody may be awaiting the first delivery any more.
    this.first.promise.catch(() => undefined);
    this.watch = new BucketWatch(this.options, {
      arrive: (arrival, read) => this.inOrder(() => this.deliverCommit(arrival, read)),
      caughtUpWithoutCommit: () => this.bucketEmpty.resolve(),
      restarted: () => {
        if (this.delivered !== undefined) this.delivered = { ...this.delivered, revision: 0, cs: '' };
      },
      connected: (up) => this.setState({ connected: up }),
      failed: (error) => this.options.onError(error),
    });
  }

  get state(): NatsConfigSourceState {
    return this.current;
  }

  get stale(): boolean {
    return this.current.stale;
  }

  /**
   * Resolves with the outcome of the first delivery: the bucket's newest commit, or, when a
   * last-good copy exists and the bucket does not answer within `connectTimeoutMs` (or has no
   * commit), that copy. Rejects if closed before anything was delivered.
   */
  async start(deliver: DeliverConfig): Promise<ApplyOutcome> {
    this.deliver = deliver;
    this.lastGood = await this.loadLastGood();
    this.watch.start();
    if (this.lastGood === undefined) return this.first.promise;
    const timer = new AbortController();
    const timeout = sleep(this.options.connectTimeoutMs, undefined, { signal: timer.signal }).catch(() => undefined);
    await Promise.race([this.first.promise, this.bucketEmpty.promise, timeout]);
    timer.abort();
    // A bucket delivery already under way wins: the copy would only go stale behind it.
    if (this.delivered !== undefined) return this.first.promise;
    return this.inOrder(() => this.deliverLastGood());
  }

  async close(): Promise<void> {
    this.settleFirst(undefined, new Error('config source closed before the first config arrived'));
    await this.watch.close();
    await this.serial;
  }

  /** Runs deliveries one after another, whichever path (bucket or last-good copy) asks. */
  private inOrder<T>(task: () => Promise<T>): Promise<T> {
    const run = this.serial.then(task);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private async deliverCommit(arrival: CommitArrival, read: ReadValueAt): Promise<void> {
    const { revision, commit } = arrival;
    const cs = commit instanceof ConfigPlaneError ? '' : commit.cs;
    const previous = this.delivered;
    if (previous !== undefined && !previous.fromFile && revision <= previous.revision) return;
    if (previous?.fromFile === true && previous.revision === revision && previous.cs === cs) {
      // The copy being served is this very commit: back in sync without applying it again.
      this.delivered = { ...previous, fromFile: false };
      this.setState({ stale: false, origin: this.origin });
      return;
    }
    this.delivered = { revision, cs, fromFile: false };
    const { candidate, document } = await this.readCommit(arrival, read);
    let outcome = await this.deliverTo(candidate);
    if (outcome.kind === 'applied' && document !== undefined) await this.saveLastGood({ revision, cs, document });
    if (outcome.kind === 'refused' && !this.firstSettled && this.lastGood !== undefined) {
      outcome = await this.deliverLastGood();
    } else {
      this.setState({ stale: false, revision, origin: this.origin });
    }
    this.settleFirst(outcome);
  }

  /** Builds the candidate of a commit; a commit that cannot be read is offered as refused. */
  private async readCommit(arrival: CommitArrival, read: ReadValueAt): Promise<{ candidate: ConfigCandidate; document?: unknown }> {
    try {
      if (arrival.commit instanceof ConfigPlaneError) throw arrival.commit;
      const document = entriesToDocument(await entriesFromManifest(arrival.commit.manifest, read));
      return { candidate: { origin: this.origin, document, revision: arrival.revision }, document };
    } catch (error) {
      const reason = asError(error);
      this.options.onError(reason);
      return { candidate: { origin: this.origin, issues: [{ path: '', message: `commit ${arrival.revision}: ${reason.message}` }] } };
    }
  }

  private async deliverLastGood(): Promise<ApplyOutcome> {
    const copy = this.lastGood as LastGoodConfig;
    const origin = `last-good:${lastGoodPath(this.options.dataDir)}`;
    this.delivered = { revision: copy.revision, cs: copy.cs, fromFile: true };
    const outcome = await this.deliverTo({ origin, document: copy.document, revision: copy.revision });
    this.setState({ stale: true, revision: copy.revision, origin });
    this.settleFirst(outcome);
    return outcome;
  }

  /** Hands a candidate to the node; a node that throws fails `start` if nothing was delivered yet. */
  private async deliverTo(candidate: ConfigCandidate): Promise<ApplyOutcome> {
    if (this.deliver === undefined) throw new Error('config source not started');
    try {
      return await this.deliver(candidate);
    } catch (error) {
      this.settleFirst(undefined, asError(error));
      throw error;
    }
  }

  private settleFirst(outcome: ApplyOutcome | undefined, error?: Error): void {
    if (this.firstSettled) return;
    this.firstSettled = true;
    if (outcome !== undefined) this.first.resolve(outcome);
    else this.first.reject(error);
  }

  private async loadLastGood(): Promise<LastGoodConfig | undefined> {
    if (this.options.dataDir === '') return undefined;
    try {
      return await readLastGood(lastGoodPath(this.options.dataDir));
    } catch (error) {
      this.options.onError(asError(error));
      return undefined;
    }
  }

  private async saveLastGood(copy: LastGoodConfig): Promise<void> {
    if (this.options.dataDir === '') return;
    await writeLastGood(lastGoodPath(this.options.dataDir), copy).catch((error: unknown) => this.options.onError(asError(error)));
  }

  private setState(change: Partial<NatsConfigSourceState>): void {
    if (Object.entries(change).every(([k, v]) => this.current[k as keyof NatsConfigSourceState] === v)) return;
    this.current = { ...this.current, ...change };
    this.options.onStateChange(this.current);
  }
}
