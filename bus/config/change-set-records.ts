/**
 * The JSON values stored in the config bucket, and their checked parsing. Every object write names
 * its change set (`cs`), and removals are written as tombstones rather than KV deletes, so the
 * bucket's history shows which change set removed what.
 */
import { ConfigPlaneError } from './config-plane-error.js';

/** Why a change set was written. */
export const changeSetKinds = ['apply', 'delete', 'rollback'] as const;

/** `apply`, `delete` or `rollback`. */
export type ChangeSetKind = (typeof changeSetKinds)[number];

/** An object written by a change set. */
export interface ObjectRecord {
  readonly cs: string;
  readonly v: unknown;
}

/** The removal of an object by a change set. Never referenced by a manifest. */
export interface TombstoneRecord {
  readonly cs: string;
  readonly deleted: true;
}

/** The value of the `commit` key: what makes a change set visible to nodes. */
export interface CommitRecord {
  /** Id of the change set this commit publishes. */
  readonly cs: string;
  /** KV revision of the commit this one replaced; 0 for the first commit. */
  readonly parent: number;
  /** Every live key of the config, with the KV revision of its value. */
  readonly manifest: Readonly<Record<string, number>>;
  /** Keys this change set added, changed or removed. */
  readonly changed: readonly string[];
  /** Who made the change (user, CI job). */
  readonly actor: string;
  /** Machine the change was made from. */
  readonly host: string;
  /** Free text: why the change was made. */
  readonly reason: string;
  readonly kind: ChangeSetKind;
  /** ISO-8601 time the commit was written. */
  readonly time: string;
}

/** JSON bytes for a record. */
export function encodeRecord(record: ObjectRecord | TombstoneRecord | CommitRecord): string {
  return JSON.stringify(record);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(key: string, revision: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigPlaneError('malformed-entry', `${key}@${revision}: not JSON`, { cause: error });
  }
  if (!isRecord(value)) throw new ConfigPlaneError('malformed-entry', `${key}@${revision}: not a JSON object`);
  return value;
}

/** Parses the value of an object key: a written object or a tombstone. */
export function parseObjectRecord(key: string, revision: number, text: string): ObjectRecord | TombstoneRecord {
  const value = parseJson(key, revision, text);
  if (typeof value.cs !== 'string') throw new ConfigPlaneError('malformed-entry', `${key}@${revision}: no change set id (cs)`);
  if (value.deleted === true) return { cs: value.cs, deleted: true };
  if (!('v' in value)) throw new ConfigPlaneError('malformed-entry', `${key}@${revision}: neither a value (v) nor a tombstone`);
  return { cs: value.cs, v: value.v };
}

/** True for a tombstone. */
export function isTombstone(record: ObjectRecord | TombstoneRecord): record is TombstoneRecord {
  return 'deleted' in record;
}

function isManifest(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every((r) => Number.isSafeInteger(r) && (r as number) > 0);
}

/** Parses the value of the `commit` key; any field of the wrong type is `malformed-entry`. */
export function parseCommitRecord(revision: number, text: string): CommitRecord {
  const value = parseJson('commit', revision, text);
  const strings = ['cs', 'actor', 'host', 'reason', 'time'] as const;
  const wrong =
    strings.find((field) => typeof value[field] !== 'string') ??
    (!Number.isSafeInteger(value.parent) ? 'parent' : undefined) ??
    (!isManifest(value.manifest) ? 'manifest' : undefined) ??
    (!Array.isArray(value.changed) || !value.changed.every((k) => typeof k === 'string') ? 'changed' : undefined) ??
    (!(changeSetKinds as readonly unknown[]).includes(value.kind) ? 'kind' : undefined);
  if (wrong !== undefined) throw new ConfigPlaneError('malformed-entry', `commit@${revision}: field ${wrong} is missing or of the wrong type`);
  return value as unknown as CommitRecord;
}
