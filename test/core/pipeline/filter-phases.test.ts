import { describe, expect, it } from 'vitest';
import type { PluginInstance } from '../../../sdk/plugin/plugin.js';
import { CallExchange } from '../../../core/pipeline/call-exchange.js';
import { FilterChain, type ChainLink, type PluginMeter } from '../../../core/pipeline/filter-chain.js';
import { runRequestPhase } from '../../../core/pipeline/filter-phases.js';

type Phase = 'onRequest' | 'onResponse' | 'onError';

/** A meter that records each timing it is asked to close and answers a made-up clock reading. */
class RecordingMeter implements PluginMeter {
  readonly closed: { phase: Phase; startedMs: number; endedMs: number }[] = [];
  failures = 0;
  /** `timeCalls`: which hook calls (0-based) the meter samples; all when absent. */
  constructor(private readonly clockAnswer: number, private readonly timeCalls?: readonly number[]) {}
  private calls = 0;
  sampled(): boolean {
    const call = this.calls++;
    return this.timeCalls === undefined || this.timeCalls.includes(call);
  }
  ended(phase: Phase, startedMs: number): number {
    this.closed.push({ phase, startedMs, endedMs: this.clockAnswer });
    return this.clockAnswer;
  }
  failed(): void {
    this.failures++;
  }
}

function link(plugin: string, priority: number, instance: PluginInstance, meter?: PluginMeter): ChainLink {
  return { plugin, version: '1.0.0', priority, scope: 'api', requestBody: false, instance, ...(meter === undefined ? {} : { meter }) };
}

function exchange(): CallExchange {
  return new CallExchange('http', 'GET', '/x', '', {}, '127.0.0.1', 1, performance.now());
}

describe('hook timing in the filter phases', () => {
  it('starts the next timed hook of a synchronous run from the reading that ended the previous one', () => {
    const first = new RecordingMeter(1_000_000);
    const second = new RecordingMeter(2_000_000);
    const chain = new FilterChain([link('a', 20, { onRequest: () => undefined }, first), link('b', 10, { onRequest: () => undefined }, second)]);
    expect(runRequestPhase(chain.request ?? [], exchange())).toBeUndefined();
    expect(first.closed).toHaveLength(1);
    expect(second.closed).toEqual([{ phase: 'onRequest', startedMs: 1_000_000, endedMs: 2_000_000 }]);
    // The first hook's start is a real clock reading, not a leftover.
    expect(first.closed[0]?.startedMs).toBeGreaterThan(0);
    expect(first.closed[0]?.startedMs).toBeLessThan(1_000_000);
  });

  it('reads the clock afresh after an untimed hook', () => {
    const timed = new RecordingMeter(5_000_000);
    const last = new RecordingMeter(6_000_000);
    const chain = new FilterChain([
      link('a', 30, { onRequest: () => undefined }, timed),
      link('untimed', 20, { onRequest: () => undefined }),
      link('c', 10, { onRequest: () => undefined }, last),
    ]);
    runRequestPhase(chain.request ?? [], exchange());
    expect(last.closed).toHaveLength(1);
    expect(last.closed[0]?.startedMs).toBeLessThan(5_000_000);
  });

  it('closes a hook that threw under failurePolicy open and chains the next one from that reading', () => {
    const failing = new RecordingMeter(7_000_000);
    const next = new RecordingMeter(8_000_000);
    const chain = new FilterChain([
      { ...link('boom', 20, { onRequest: () => { throw new Error('boom'); } }, failing), failOpen: true },
      link('next', 10, { onRequest: () => undefined }, next),
    ]);
    expect(runRequestPhase(chain.request ?? [], exchange())).toBeUndefined();
    expect(failing.closed).toHaveLength(1);
    expect(next.closed[0]?.startedMs).toBe(7_000_000);
  });

  it('times only the calls the meter samples, and counts a failure on every call', () => {
    const meter = new RecordingMeter(9_000_000, [0, 2]);
    const chain = new FilterChain([{ ...link('flaky', 10, { onRequest: () => { throw new Error('flaky'); } }, meter), failOpen: true }]);
    for (let call = 0; call < 4; call++) runRequestPhase(chain.request ?? [], exchange());
    expect(meter.closed).toHaveLength(2);
    expect(meter.failures).toBe(4);
  });

  it('times a hook that returns a promise until it settles, then goes on with a fresh reading', async () => {
    const slow = new RecordingMeter(3_000_000);
    const after = new RecordingMeter(4_000_000);
    let release: () => void = () => undefined;
    const chain = new FilterChain([
      link('slow', 20, { onRequest: () => new Promise<void>((resolve) => { release = resolve; }) }, slow),
      link('after', 10, { onRequest: () => undefined }, after),
    ]);
    const outcome = runRequestPhase(chain.request ?? [], exchange());
    expect(slow.closed).toHaveLength(0);
    release();
    await outcome;
    expect(slow.closed).toHaveLength(1);
    expect(after.closed).toHaveLength(1);
    // The run after a promise starts a new synchronous run: its first reading is the real clock.
    expect(after.closed[0]?.startedMs).toBeLessThan(3_000_000);
  });
});
