/**
 * How a key-level config diff reads: one line per key, `+` added, `~` changed, `-` removed (the
 * keys of bus/config/README.md: `api.<group>.<name>`, `cluster.<name>`, …), then a count.
 */
import { isEmptyDiff, type ConfigDiff } from '../../bus/config/config-diff.js';

/** The diff for people, against `parentRevision` (0: nothing committed yet). */
export function describeDiff(diff: ConfigDiff, parentRevision: number): string {
  const against = parentRevision === 0 ? 'nothing committed yet' : `revision ${parentRevision}`;
  if (isEmptyDiff(diff)) return `against ${against}: no difference\n`;
  const lines = [
    `against ${against}:`,
    ...diff.added.map((key) => `+ ${key}`),
    ...diff.changed.map((key) => `~ ${key}`),
    ...diff.removed.map((key) => `- ${key}`),
    `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The diff as plain lists, for `-o json`. */
export function diffToJson(diff: ConfigDiff): { added: string[]; changed: string[]; removed: string[] } {
  return { added: [...diff.added], changed: [...diff.changed], removed: [...diff.removed] };
}
