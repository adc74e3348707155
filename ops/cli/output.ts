/**
 * How CLI verbs print what they found: a readable table by default, JSON or YAML on request
 * (`-o json|yaml`), so people read the same command that scripts parse.
 */
import { stringify } from 'yaml';
import { UsageError } from './cli-args.js';

/** The renderings a verb can offer. */
export type OutputFormat = 'table' | 'json' | 'yaml';

/** The `-o/--output` flag, for `parseVerbArgs`. */
export const outputFlagOption = { output: { type: 'string', short: 'o' } } as const;

/**
 * The format the `-o` flag asks for, checked against what the verb offers; `table` when absent.
 * A format the verb does not offer is a usage error that lists the ones it does.
 */
export function outputFormat(value: string | boolean | undefined, offered: readonly OutputFormat[] = ['table', 'json']): OutputFormat {
  if (value === undefined) return offered[0] ?? 'table';
  const wanted = String(value);
  const format = offered.find((f) => f === wanted);
  if (format === undefined) throw new UsageError(`-o must be one of ${offered.join(', ')}, got "${wanted}"`);
  return format;
}

/** A cell as printed: '-' for nothing, so columns never collapse. */
function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return String(value).replace(/\s*\n\s*/g, ' ');
}

/**
 * Columns padded to their widest cell, two spaces apart, header in capitals; the last column is
 * not padded (no trailing blanks). Ends with a newline; an empty table is the header alone.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [headers.map((h) => h.toUpperCase()), ...rows.map((row) => headers.map((_h, i) => cellText(row[i])))];
  const widths = headers.map((_h, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  return lines
    .map((line) => line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n')
    .concat('\n');
}

/** Pretty JSON with a final newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** YAML (block style) with a final newline. */
export function renderYaml(value: unknown): string {
  const text = stringify(value, { lineWidth: 0 });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Renders `value` as JSON or YAML, or calls `table` for the table. */
export function render(format: OutputFormat, value: unknown, table: () => string): string {
  if (format === 'json') return renderJson(value);
  if (format === 'yaml') return renderYaml(value);
  return table();
}

/** A duration for people: `850ms`, `42s`, `3m12s`, `5h4m`, `2d3h`. */
export function formatAge(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d${hours % 24}h`;
}
