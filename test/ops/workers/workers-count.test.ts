import { describe, expect, it } from 'vitest';
import { workersCount, WorkersCountError } from '../../../ops/workers/workers-count.js';

describe('workersCount', () => {
  it('workers count - absent is one process', () => {
    expect(workersCount(undefined)).toBe(1);
  });

  it('workers count - auto is the available parallelism, at least 1', () => {
    expect(workersCount('auto', () => 6)).toBe(6);
    expect(workersCount('auto', () => 0)).toBe(1);
  });

  it('workers count - a whole number is taken as is', () => {
    expect(workersCount('1')).toBe(1);
    expect(workersCount('4')).toBe(4);
  });

  it('workers count - anything else is refused with a code', () => {
    for (const bad of ['0', '-2', '1.5', 'two', '', '257']) {
      expect(() => workersCount(bad)).toThrow(WorkersCountError);
    }
    try {
      workersCount('x');
    } catch (error) {
      expect((error as WorkersCountError).code).toBe('GANTRY_WORKERS_COUNT');
    }
  });
});
