import { SCENARIOS } from './scenarios.js';
import { FOREIGN_CPU_WARN_PERCENT, RATIO_PEERS, type BenchRow, type RatioPeer } from './types.js';

/** Label/value lines printed above the table (machine, tools, settings). */
export type ReportFacts = ReadonlyArray<readonly [label: string, value: string]>;

const DASH = '—';


/**
 * RPS of `row` divided by the RPS of `peer` in the same run, for the row's base scenario (the
 * plugins scenario is compared with the peers' plain GET). Null when either side did not measure.
 */
export function rpsRatio(rows: readonly BenchRow[], row: BenchRow, peer: RatioPeer): number | null {
  if (row.status !== 'ok' || row.load === undefined) return null;
  const base = SCENARIOS[row.scenario].baseScenario;
  const peerRow = rows.find((r) => r.system === peer && r.scenario === base);
  if (peerRow?.status !== 'ok' || peerRow.load === undefined || peerRow.load.rps === 0) return null;
  return row.load.rps / peerRow.load.rps;
}

/**
 * The gateway's RPS with the bench plugins over its RPS without them, or null: the median of the
 * in-process window pairs when the row has them, else the two rows' RPS.
 */
export function pluginCostRatio(rows: readonly BenchRow[]): number | null {
  const withPlugins = rows.find((r) => r.system === 'gantry' && r.scenario === 'get-100B+plugins');
  if (withPlugins?.status === 'ok' && withPlugins.paired !== undefined) return withPlugins.paired.medianRatio;
  const plain = rows.find((r) => r.system === 'gantry' && r.scenario === 'get-100B');
  if (withPlugins?.load === undefined || plain?.load === undefined) return null;
  if (withPlugins.status !== 'ok' || plain.status !== 'ok' || plain.load.rps === 0) return null;
  return withPlugins.load.rps / plain.load.rps;
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

/** The results as one Markdown table, one line per (system, scenario). */
export function renderMarkdownTable(rows: readonly BenchRow[]): string {
  const header = [
    'system',
    'scenario',
    'RPS',
    'p50 ms',
    'p99 ms',
    'CPU µs/req',
    'proxy CPU %',
    ...RATIO_PEERS.map((p) => `×${p}`),
    'errors',
  ];
  const align = header.map((_, i) => (i < 2 ? '---' : '---:'));
  const lines = [header, align].map((cells) => `| ${cells.join(' | ')} |`);
  for (const row of rows) {
    const load = row.status === 'ok' ? row.load : undefined;
    const cells = [
      row.system,
      row.scenario,
      load === undefined ? row.status : load.rps.toFixed(0),
      fixed(load?.p50Ms, 2),
      fixed(load?.p99Ms, 2),
      fixed(load === undefined ? null : row.cpuMicrosPerRequest, 0),
      fixed(load === undefined ? null : row.cpuPercent, 0),
      ...RATIO_PEERS.map((peer) => fixed(rpsRatio(rows, row, peer), 2)),
      load === undefined ? DASH : String(load.non2xx + load.socketErrors),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Lines under the table: why rows failed or were skipped, error counts, the plugins' cost. */
export function renderNotes(rows: readonly BenchRow[]): string[] {
  const notes: string[] = [];
  for (const row of rows) {
    if (row.reason !== undefined) notes.push(`- ${row.system} / ${row.scenario} (${row.status}): ${row.reason}`);
    if (row.foreignCpuPercent !== null && row.foreignCpuPercent > FOREIGN_CPU_WARN_PERCENT) {
      notes.push(
        `- ${row.system} / ${row.scenario}: other processes used ${row.foreignCpuPercent.toFixed(0)}% of the proxy's core during the window; the machine was not quiet, rerun.`,
      );
    }
  }
  const cost = pluginCostRatio(rows);
  const paired = rows.find((r) => r.system === 'gantry' && r.scenario === 'get-100B+plugins')?.paired;
  if (cost !== null && paired !== undefined) {
    const delta = paired.cpuMicrosDelta === null ? '' : `; the plugins cost ${paired.cpuMicrosDelta.toFixed(1)} µs CPU per request (median)`;
    notes.push(
      `- gantry get-100B+plugins runs at ${cost.toFixed(2)}× the same gateway process's route without plugins (median of ${paired.ratios.length} alternating window pairs: ${paired.ratios.map((r) => r.toFixed(3)).join(', ')}; baseline ${paired.baselineRps.map((r) => r.toFixed(0)).join(', ')} RPS${delta}). The row shows the median pair's plugin window.`,
    );
  } else if (cost !== null) {
    notes.push(`- gantry get-100B+plugins runs at ${cost.toFixed(2)}× gantry's own get-100B RPS (request-id + header-rewrite).`);
  }
  return notes;
}

/** The full Markdown report: title, facts, table, notes. */
export function renderReport(title: string, facts: ReportFacts, rows: readonly BenchRow[]): string {
  const parts = [`# ${title}`, '', ...facts.map(([label, value]) => `- ${label}: ${value}`), '', renderMarkdownTable(rows)];
  const notes = renderNotes(rows);
  if (notes.length > 0) parts.push('', 'Notes:', '', ...notes);
  parts.push(
    '',
    'Ratios are RPS of the row ÷ RPS of the named peer for the same scenario in this run (>1 = faster than that peer).',
  );
  return parts.join('\n') + '\n';
}
