import { describe, expect, it } from 'vitest';
import { benchOptionsFrom, defaultBenchOptions } from '../../../ops/bench/bench-options.js';

describe('bench options', () => {
  it('bench options - defaults to every system and scenario, 8 s, 32 connections', () => {
    const options = benchOptionsFrom([], {});
    expect(options).toEqual(defaultBenchOptions());
    expect(options.durationS).toBe(8);
    expect(options.connections).toBe(32);
    expect(options.noisyRetries).toBe(2);
    expect(options.pairedRounds).toBe(12);
    expect(options.pairedWindowS).toBe(2);
    expect(options.systems).toContain('gantry');
    expect(options.scenarios).toEqual(['get-100B', 'post-4KiB', 'get-100B+plugins']);
  });

  it('bench options - reads BENCH_* variables and keeps the canonical order', () => {
    const options = benchOptionsFrom([], {
      BENCH_ONLY: 'gantry, minimal-forwarder',
      BENCH_SCENARIOS: 'get-100B',
      BENCH_DURATION_S: '3',
      BENCH_CONNECTIONS: '64',
      BENCH_NGINX: 'off',
      BENCH_NOISY_RETRIES: '0',
      BENCH_PAIRED_ROUNDS: '5',
      BENCH_PAIRED_WINDOW_S: '1',
    });
    expect(options.systems).toEqual(['minimal-forwarder', 'gantry']);
    expect(options.scenarios).toEqual(['get-100B']);
    expect(options.durationS).toBe(3);
    expect(options.connections).toBe(64);
    expect(options.allowNginx).toBe(false);
    expect(options.noisyRetries).toBe(0);
    expect(options.pairedRounds).toBe(5);
    expect(options.pairedWindowS).toBe(1);
    expect(options.allowWrk).toBe(true);
  });

  it('bench options - flags win over the environment', () => {
    const options = benchOptionsFrom(['--only=reply-from', '--duration-s', '1'], { BENCH_ONLY: 'gantry', BENCH_DURATION_S: '9' });
    expect(options.systems).toEqual(['reply-from']);
    expect(options.durationS).toBe(1);
  });

  it('bench options - refuses zero window pairs', () => {
    expect(() => benchOptionsFrom([], { BENCH_PAIRED_ROUNDS: '0' })).toThrow(/BENCH_PAIRED_ROUNDS: must be greater than 0/);
  });

  it('bench options - names the variable of an unknown system', () => {
    expect(() => benchOptionsFrom([], { BENCH_ONLY: 'gantry,envoy' })).toThrow(/BENCH_ONLY: unknown envoy/);
  });

  it('bench options - rejects a non-positive duration', () => {
    expect(() => benchOptionsFrom([], { BENCH_DURATION_S: '0' })).toThrow(/BENCH_DURATION_S/);
    expect(() => benchOptionsFrom([], { BENCH_CONNECTIONS: 'many' })).toThrow(/BENCH_CONNECTIONS/);
  });
});
