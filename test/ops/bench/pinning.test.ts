import { describe, expect, it } from 'vitest';
import { parseCpuList, pinnedCommand } from '../../../ops/bench/pinning.js';

describe('pinning', () => {
  it('pinning - parses taskset CPU lists with ranges', () => {
    expect(parseCpuList('0,1')).toEqual([0, 1]);
    expect(parseCpuList('0-3,6\n')).toEqual([0, 1, 2, 3, 6]);
    expect(parseCpuList('')).toEqual([]);
  });

  it('pinning - wraps a command in taskset, or leaves it alone when unpinned', () => {
    expect(pinnedCommand(1, 'node', ['a.js'])).toEqual({ command: 'taskset', args: ['-c', '1', 'node', 'a.js'] });
    expect(pinnedCommand(null, 'node', ['a.js'])).toEqual({ command: 'node', args: ['a.js'] });
  });
});
