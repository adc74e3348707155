import { describe, expect, it } from 'vitest';
import { percentile, summarise } from '../../../../ops/bench/control-plane/stats.js';
import { reportTable } from '../../../../ops/bench/control-plane/report.js';

describe('control-plane bench stats', () => {
  it('stats - percentile takes the nearest rank', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(values, 50)).toBe(100);
    expect(percentile(values, 99)).toBe(198);
    expect(summarise(values)).toEqual({ p50: 100, p99: 198, max: 200 });
  });

  it('stats - empty input gives NaN', () => {
    expect(summarise([]).p99).toBeNaN();
  });

  it('report - a row without a target shows a dash, a missed target NO', () => {
    const table = reportTable([
      { metric: 'a', value: '1', target: '-', met: undefined },
      { metric: 'b', value: '2', target: '≤ 1', met: false },
    ]);
    expect(table.split('\n')).toEqual(['| metric | value | target | met? |', '|---|---|---|---|', '| a | 1 | - | - |', '| b | 2 | ≤ 1 | NO |']);
  });
});
