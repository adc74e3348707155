/**
 * The writer side of the config plane. A change set is published in two steps:
 *
 * 1. every changed object key is written (`{cs, v}`), every removed one gets a tombstone
 *    (`{cs, deleted: true}`);
 * 2. the `commit` key is replaced by a manifest naming the revision of EVERY live key, with a
 *    compare-and-set on the previous commit's revision.
 *
 * Nodes build their config from manifests only, so a writer that dies between the steps, or loses
 * the compare-and-set to another writer, leaves values that no manifest names: they are never served.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { formatIssues } from '../../core/config/config-issue.js';
import { validateConfig } from '../../core/config/validate-config.js';
import { documentToEntries } from './config-entries.js';
import { diffEntries, isEmptyDiff, type ConfigDiff } from './config-diff.js';
import { commitKey } from './config-keys.js';
import { ConfigPlaneError } from './config-plane-error.js';
import { encodeRecord, type ChangeSetKind, type CommitRecord } from './change-set-records.js';
import { readCommittedState } from './committed-state.js';

/** Who writes a change set, and why; recorded in the commit (and, later, the audit stream). */
export interface ChangeSetMeta {
  readonly actor: string;
  readonly reason: string;
  readonly kind: ChangeSetKind;
  /** Machine name; this host's name when absent. */
  readonly host?: string;
}

/** A change set computed against the committed state, not yet written. */
export interface ChangeSetPlan {
  /** Revision of the commit this plan was computed against; 0 when nothing was committed yet. */
  readonly parentRevision: number;
  readonly parentManifest: Readonly<Record<string, number>>;
  /** The next config's objects by key. */
  readonly entries: ReadonlyMap<string, unknown>;
  readonly diff: ConfigDiff;
}

/** What a write did. */
export interface ChangeSetResult {
  /** Revision of the new commit, or of the current one when nothing changed. 0: nothing committed ever. */
  readonly revision: number;
  /** False when the document equals the committed config: nothing was written. */
  readonly committed: boolean;
  /** Id of the change set written; undefined when nothing was written. */
  readonly changeSetId: string | undefined;
  readonly changed: ConfigDiff;
}

/**
 * Validates `nextDocument` (schema and semantics; `invalid-config` with the issues otherwise),
 * splits it into entries and diffs them against the committed state.
 */
export async function planChangeSet(kv: KV, nextDocument: unknown): Promise<ChangeSetPlan> {
  const validated = validateConfig(nextDocument);
  if (!validated.ok) {
    throw new ConfigPlaneError('invalid-config', `the config is invalid:\n${formatIssues('config', validated.issues)}`, { issues: validated.issues });
  }
  // Stored as written (not with defaults filled in): see config-entries.ts.
  const entries = documentToEntries(nextDocument);
  const current = await readCommittedState(kv);
  return {
    parentRevision: current?.revision ?? 0,
    parentManifest: current?.manifest ?? {},
    entries,
    diff: diffEntries(current?.entries ?? new Map(), entries),
  };
}

/**
 * Writes a planned change set: the changed objects and tombstones, then the commit with a
 * compare-and-set on `plan.parentRevision`. Throws `commit-conflict` when another change was
 * committed since the plan was made; the objects already written are then simply never referenced.
 */
export async function commitChangeSet(kv: KV, plan: ChangeSetPlan, meta: ChangeSetMeta): Promise<ChangeSetResult> {
  if (isEmptyDiff(plan.diff)) return { revision: plan.parentRevision, committed: false, changeSetId: undefined, changed: plan.diff };
  const cs = randomUUID();
  const manifest: Record<string, number> = { ...plan.parentManifest };
  const writes = [...plan.diff.added, ...plan.diff.changed].map(async (key) => {
    manifest[key] = await kv.put(key, encodeRecord({ cs, v: plan.entries.get(key) }));
  });
  const tombstones = plan.diff.removed.map(async (key) => {
    delete manifest[key];
    await kv.put(key, encodeRecord({ cs, deleted: true }));
  });
  await Promise.all([...writes, ...tombstones]);

  const commit: CommitRecord = {
    cs,
    parent: plan.parentRevision,
    manifest: Object.fromEntries(Object.keys(manifest).sort().map((key) => [key, manifest[key] as number])),
    changed: [...plan.diff.added, ...plan.diff.changed, ...plan.diff.removed].sort(),
    actor: meta.actor,
    host: meta.host ?? hostname(),
    reason: meta.reason,
    kind: meta.kind,
    time: new Date().toISOString(),
  };
  const revision = await writeCommit(kv, commit, plan.parentRevision);
  return { revision, committed: true, changeSetId: cs, changed: plan.diff };
}

/** Replaces the commit only if it is still at `parentRevision` (absent when 0). */
async function writeCommit(kv: KV, commit: CommitRecord, parentRevision: number): Promise<number> {
  try {
    const text = encodeRecord(commit);
    return parentRevision === 0 ? await kv.create(commitKey, text) : await kv.update(commitKey, text, parentRevision);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.StreamWrongLastSequence) throw error;
    const winner = await kv.get(commitKey);
    const revision = winner?.revision ?? 0;
    throw new ConfigPlaneError('commit-conflict', `another change was committed first (revision ${revision}); re-run`, { revision, cause: error });
  }
}

/** Plans and commits in one go: the usual way to write a config. */
export async function writeChangeSet(kv: KV, nextDocument: unknown, meta: ChangeSetMeta): Promise<ChangeSetResult> {
  return commitChangeSet(kv, await planChangeSet(kv, nextDocument), meta);
}
