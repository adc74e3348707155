/**
 * Shared pieces of the semantic pass: how a rule reports an issue, and how duplicates are found.
 * Rules receive a config that already passed the schema, so they check meaning, never shape.
 */
import { describeConfigPath, type ConfigIssue, type PathSegment } from './config-issue.js';
import type { GantryConfig } from './types.js';

/** Records one issue at `segments` inside the config being checked. */
export type ReportIssue = (segments: readonly PathSegment[], message: string) => void;

/** A reporter that writes paths against `config` into `issues`, plus a way to name a location. */
export interface IssueCollector {
  readonly issues: ConfigIssue[];
  readonly report: ReportIssue;
  /** The written path of `segments`, for messages that point at a second location. */
  readonly where: (segments: readonly PathSegment[]) => string;
}

/** Creates a collector for one semantic pass over `config`. */
export function createIssueCollector(config: GantryConfig): IssueCollector {
  const issues: ConfigIssue[] = [];
  const where = (segments: readonly PathSegment[]): string => describeConfigPath(config, segments);
  const report: ReportIssue = (segments, message) => {
    issues.push({ path: where(segments), message });
  };
  return { issues, report, where };
}

/**
 * Calls `onDuplicate` for every item whose key an earlier item already had, with the index of the
 * first one. Items whose key is undefined take no part.
 */
export function forEachDuplicate<T>(
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
  onDuplicate: (index: number, firstIndex: number, key: string) => void,
): void {
  const firstIndexByKey = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const firstIndex = firstIndexByKey.get(key);
    if (firstIndex === undefined) firstIndexByKey.set(key, index);
    else onDuplicate(index, firstIndex, key);
  });
}

/** `"a", "b", "c"` — or `none` — for "known names" hints, cut short when the list is long. */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 10).map((name) => `"${name}"`);
  return names.length > shown.length ? `${shown.join(', ')}, … (${names.length} in all)` : shown.join(', ');
}
