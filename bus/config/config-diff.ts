/**
 * What changed between two configs, key by key. Two values are equal when their JSON is equal with
 * object keys sorted, so re-ordering the fields of an object is not a change (list order is).
 */
import { documentToEntries, type ConfigEntries } from './config-entries.js';

/** Keys added, changed and removed, each list sorted. */
export interface ConfigDiff {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** JSON text of `value` with every object's keys sorted: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
  });
}

/** True when `a` and `b` hold the same JSON content. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The key-level difference from `before` to `after`. */
export function diffEntries(before: ConfigEntries, after: ConfigEntries): ConfigDiff {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) added.push(key);
    else if (!sameContent(before.get(key), value)) changed.push(key);
  }
  for (const key of before.keys()) if (!after.has(key)) removed.push(key);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

/** The key-level difference between two config documents (throws `invalid-document` like the split). */
export function diffDocuments(before: unknown, after: unknown): ConfigDiff {
  return diffEntries(documentToEntries(before), documentToEntries(after));
}

/** True when the diff changes nothing. */
export function isEmptyDiff(diff: ConfigDiff): boolean {
  return diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0;
}
