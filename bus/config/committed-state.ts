/**
 * Reading what is committed: the `commit` entry, and the values its manifest names (by revision,
 * so values written since by an unfinished or losing change set are never read).
 */
import type { KV } from '@nats-io/kv';
import { entriesToDocument } from './config-entries.js';
import { commitKey } from './config-keys.js';
import { ConfigPlaneError } from './config-plane-error.js';
import { isTombstone, parseCommitRecord, parseObjectRecord, type CommitRecord } from './change-set-records.js';
import { configBucketHistory } from './config-bucket.js';

/** A committed config, as every node builds it. */
export interface CommittedState {
  /** KV revision of the `commit` entry: the config revision nodes report. */
  readonly revision: number;
  readonly commit: CommitRecord;
  /** Live keys and the revisions of their values (`commit.manifest`). */
  readonly manifest: Readonly<Record<string, number>>;
  /** The objects by key. */
  readonly entries: ReadonlyMap<string, unknown>;
  /** The canonical document joined from the entries. */
  readonly document: Record<string, unknown>;
}

/** Reads the JSON text stored under `key` at `revision`; undefined when gone. */
export type ReadValueAt = (key: string, revision: number) => Promise<string | undefined>;

/** A {@link ReadValueAt} that asks the bucket. */
export function readFromBucket(kv: KV): ReadValueAt {
  return async (key, revision) => {
    const entry = await kv.get(key, { revision });
    return entry === null || entry.operation !== 'PUT' ? undefined : entry.string();
  };
}

/**
 * The objects a manifest names, read with `readValue`. Throws `missing-value` when a value left the
 * history window, `malformed-entry` when one is not a stored object (or is a tombstone).
 */
export async function entriesFromManifest(manifest: Readonly<Record<string, number>>, readValue: ReadValueAt): Promise<Map<string, unknown>> {
  const keys = Object.keys(manifest).sort();
  const values = await Promise.all(
    keys.map(async (key) => {
      const revision = manifest[key] as number;
      const text = await readValue(key, revision);
      if (text === undefined) {
        throw new ConfigPlaneError('missing-value', `${key}@${revision} is no longer in the bucket (it keeps ${configBucketHistory} values per key)`);
      }
      const record = parseObjectRecord(key, revision, text);
      if (isTombstone(record)) throw new ConfigPlaneError('malformed-entry', `${key}@${revision}: the manifest names a tombstone`);
      return record.v;
    }),
  );
  return new Map(keys.map((key, i) => [key, values[i]]));
}

/**
 * The committed config: the newest commit, or the commit stored at `options.revision` (an older
 * one, for diffs and rollbacks). Undefined when nothing was ever committed (or that revision is not
 * a commit).
 */
export async function readCommittedState(kv: KV, options: { revision?: number } = {}): Promise<CommittedState | undefined> {
  const entry = options.revision === undefined ? await kv.get(commitKey) : await kv.get(commitKey, { revision: options.revision });
  if (entry === null || entry.operation !== 'PUT') return undefined;
  const commit = parseCommitRecord(entry.revision, entry.string());
  const entries = await entriesFromManifest(commit.manifest, readFromBucket(kv));
  return { revision: entry.revision, commit, manifest: commit.manifest, entries, document: entriesToDocument(entries) };
}
