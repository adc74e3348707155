import { describe, expect, it } from 'vitest';
import { pluginCostRatio, renderMarkdownTable, renderNotes, renderReport, rpsRatio } from '../../../ops/bench/table.js';
import type { BenchRow, ScenarioName, SystemName } from '../../../ops/bench/types.js';

function okRow(system: SystemName, scenario: ScenarioName, rps: number, extra: Partial<BenchRow> = {}): BenchRow {
  return {
    system,
    scenario,
    status: 'ok',
    load: { requests: rps * 8, durationS: 8, rps, p50Ms: 1.234, p99Ms: 5.678, non2xx: 0, socketErrors: 0 },
    cpuMicrosPerRequest: 55.4,
    cpuPercent: 99.6,
    foreignCpuPercent: 1,
    ...extra,
  };
}

const rows: BenchRow[] = [
  okRow('minimal-forwarder', 'get-100B', 20000),
  okRow('reply-from', 'get-100B', 10000),
  okRow('gantry', 'get-100B', 8000),
  okRow('gantry', 'get-100B+plugins', 6000),
  {
    system: 'fast-gateway',
    scenario: 'get-100B',
    status: 'failed',
    reason: 'start: boom',
    cpuMicrosPerRequest: null,
    cpuPercent: null,
    foreignCpuPercent: null,
  },
];

describe('table', () => {
  it('table - divides RPS by the peer of the same scenario in the same run', () => {
    const gantry = rows[2] as BenchRow;
    expect(rpsRatio(rows, gantry, 'minimal-forwarder')).toBeCloseTo(0.4);
    expect(rpsRatio(rows, gantry, 'reply-from')).toBeCloseTo(0.8);
  });

  it('table - has no ratio against a peer that failed or did not run', () => {
    const gantry = rows[2] as BenchRow;
    expect(rpsRatio(rows, gantry, 'fast-gateway')).toBeNull();
    expect(rpsRatio(rows, gantry, 'nginx-proxy')).toBeNull();
  });

  it('table - compares the plugins scenario with the peers plain GET and with the gateway own', () => {
    const plugins = rows[3] as BenchRow;
    expect(rpsRatio(rows, plugins, 'reply-from')).toBeCloseTo(0.6);
    expect(pluginCostRatio(rows)).toBeCloseTo(0.75);
  });

  it('table - the paired median stands for the plugin cost when the row has window pairs', () => {
    const paired = okRow('gantry', 'get-100B+plugins', 7600, { paired: { ratios: [0.95, 0.97, 0.93], medianRatio: 0.95, cpuMicrosDelta: 1.5, baselineRps: [8000, 7900, 8100] } });
    const withPairs = [rows[2] as BenchRow, paired];
    expect(pluginCostRatio(withPairs)).toBe(0.95);
    const note = renderNotes(withPairs).find((n) => n.includes('alternating window pairs'));
    expect(note).toContain('0.95× the same gateway process');
    expect(note).toContain('0.950, 0.970, 0.930');
    expect(note).toContain('1.5 µs CPU per request');
  });

  it('table - renders one Markdown line per row, failed rows with their status', () => {
    const table = renderMarkdownTable(rows).split('\n');
    expect(table[0]).toContain('| system | scenario | RPS | p50 ms | p99 ms |');
    expect(table[0]).toContain('×nginx-proxy');
    expect(table).toHaveLength(2 + rows.length);
    expect(table[4]).toBe('| gantry | get-100B | 8000 | 1.23 | 5.68 | 55 | 100 | 0.40 | 0.80 | — | — | 0 |');
    expect(table[6]).toMatch(/^\| fast-gateway \| get-100B \| failed \| — \|/);
  });

  it('table - notes failures, busy-machine rows and the plugin cost', () => {
    const noisy = [...rows, okRow('nginx-proxy', 'get-100B', 30000, { foreignCpuPercent: 40 })];
    const notes = renderNotes(noisy).join('\n');
    expect(notes).toContain('fast-gateway / get-100B (failed): start: boom');
    expect(notes).toContain('other processes used 40%');
    expect(notes).toContain('0.75×');
  });

  it('table - a report carries its title, facts and table', () => {
    const report = renderReport('Bench', [['load generator', 'wrk']], rows);
    expect(report.startsWith('# Bench\n')).toBe(true);
    expect(report).toContain('- load generator: wrk');
    expect(report).toContain('| reply-from | get-100B | 10000 |');
  });
});
