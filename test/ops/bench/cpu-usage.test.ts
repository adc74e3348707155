import { describe, expect, it } from 'vitest';
import { clockTicksPerSecond, cpuBusyMicros, parseProcStat, processTreeCpuMicros } from '../../../ops/bench/cpu-usage.js';

describe('cpu usage', () => {
  it('cpu usage - reads utime+stime past a command name holding spaces and parentheses', () => {
    // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const line = '4242 (node (x) y) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0';
    expect(parseProcStat(line)).toEqual({ ppid: 17, cpuTicks: 300 });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('cpu usage - sums user, nice and system of one CPU line of /proc/stat', () => {
    const stat = 'cpu  10 0 10 100\ncpu0 1 2 3 400 5 6 7\ncpu1 100 0 50 900 0 0 0\n';
    const tick = 1_000_000 / clockTicksPerSecond();
    expect(cpuBusyMicros(0, stat)).toBe(6 * tick);
    expect(cpuBusyMicros(1, stat)).toBe(150 * tick);
    expect(cpuBusyMicros(7, stat)).toBeNull();
  });

  it.skipIf(process.platform !== 'linux')('cpu usage - sees this process spend CPU', () => {
    const before = processTreeCpuMicros(process.pid);
    let x = 0;
    const until = process.cpuUsage().user + 50_000;
    while (process.cpuUsage().user < until) x += Math.sqrt(x + 1);
    const after = processTreeCpuMicros(process.pid);
    expect(before).not.toBeNull();
    expect(after ?? 0).toBeGreaterThan(before ?? 0);
    expect(x).toBeGreaterThan(0);
  });
});
