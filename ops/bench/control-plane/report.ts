/** The control-plane bench's Markdown table: metric, value, target, met?. */

/** One row; `met` undefined means the row has no target. */
export interface ReportRow {
  readonly metric: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** Formats ms with one decimal. */
export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a';
}

/** The table, header included. */
export function reportTable(rows: readonly ReportRow[]): string {
  const lines = ['| metric | value | target | met? |', '|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.metric} | ${row.value} | ${row.target} | ${row.met === undefined ? '-' : row.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}
