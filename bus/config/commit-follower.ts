/**
 * Follows the config bucket's history entry by entry and says when a commit is ready to deliver.
 * It holds object values by (key, revision) until a manifest needs them, and coalesces commits seen
 * while replaying history, so a node that starts (or resumes after an outage) delivers only the
 * newest commit rather than passing through every older config.
 */
import type { KV } from '@nats-io/kv';
import { commitKey } from './config-keys.js';
import { ConfigPlaneError } from './config-plane-error.js';
import { parseCommitRecord, type CommitRecord } from './change-set-records.js';
import { readFromBucket, type ReadValueAt } from './committed-state.js';

/** A commit entry to deliver: its record, or why it cannot be read. */
export interface CommitArrival {
  /** KV revision of the `commit` entry. */
  readonly revision: number;
  readonly commit: CommitRecord | ConfigPlaneError;
}

/** The part of a KV watch entry the follower reads. */
export interface FollowedEntry {
  readonly key: string;
  readonly revision: number;
  readonly operation: 'PUT' | 'DEL' | 'PURGE';
  string(): string;
}

/** Per-connection bookkeeping of a bucket's history; see the file header. */
export class CommitFollower {
  /** JSON text of values not yet pruned, by key then revision. */
  private readonly values = new Map<string, Map<number, string>>();
  private pending: CommitArrival | undefined;
  private replayUntil = 0;
  private seen = 0;
  private sawCommit = false;

  /** Highest revision taken so far; a resumed watch starts after it. */
  get lastSeen(): number {
    return this.seen;
  }

  /** True once the replay of the current session is over: every later commit is delivered as it comes. */
  get caughtUp(): boolean {
    return this.seen >= this.replayUntil;
  }

  /** True once any commit was seen in the bucket. */
  get hasCommit(): boolean {
    return this.sawCommit;
  }

  /** Starts a watch session whose history runs up to revision `lastRevision` (the stream's last). */
  beginSession(lastRevision: number): void {
    this.replayUntil = lastRevision;
  }

  /** Forgets everything (the bucket was recreated and its revisions start again). */
  reset(): void {
    this.values.clear();
    this.pending = undefined;
    this.replayUntil = 0;
    this.seen = 0;
    this.sawCommit = false;
  }

  /** Takes one entry; returns the commit to deliver now, if any. Entries must come in revision order. */
  accept(entry: FollowedEntry): CommitArrival | undefined {
    if (entry.revision <= this.seen) return undefined;
    this.seen = entry.revision;
    if (entry.key === commitKey) {
      if (entry.operation === 'PUT') this.takeCommit(entry);
    } else if (entry.operation === 'PUT') {
      let revisions = this.values.get(entry.key);
      if (revisions === undefined) this.values.set(entry.key, (revisions = new Map()));
      revisions.set(entry.revision, entry.string());
    }
    return this.caughtUp ? this.takePending() : undefined;
  }

  /** The commit waiting for the replay to end, if any (also after a session with nothing to replay). */
  takePending(): CommitArrival | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  /** Reads values from what is held, else from the bucket (values seen before this node started). */
  reader(kv: KV): ReadValueAt {
    const fromBucket = readFromBucket(kv);
    return (key, revision) => {
      const held = this.values.get(key)?.get(revision);
      return held === undefined ? fromBucket(key, revision) : Promise.resolve(held);
    };
  }

  private takeCommit(entry: FollowedEntry): void {
    this.sawCommit = true;
    let commit: CommitRecord | ConfigPlaneError;
    try {
      commit = parseCommitRecord(entry.revision, entry.string());
    } catch (error) {
      commit = error instanceof ConfigPlaneError ? error : new ConfigPlaneError('malformed-entry', String(error));
    }
    this.pending = { revision: entry.revision, commit };
    if (!(commit instanceof ConfigPlaneError)) this.prune(commit.manifest, entry.revision);
  }

  /**
   * Drops values older than this commit that its manifest does not name. A later commit can only
   * name values of this manifest or values written after this commit (its writer read this commit
   * and won the compare-and-set on it), so nothing dropped is ever needed again.
   */
  private prune(manifest: Readonly<Record<string, number>>, commitRevision: number): void {
    for (const [key, revisions] of this.values) {
      for (const revision of revisions.keys()) {
        if (revision < commitRevision && manifest[key] !== revision) revisions.delete(revision);
      }
      if (revisions.size === 0) this.values.delete(key);
    }
  }

  /** Number of values held (for tests of pruning). */
  get heldValues(): number {
    let count = 0;
    for (const revisions of this.values.values()) count += revisions.size;
    return count;
  }
}
