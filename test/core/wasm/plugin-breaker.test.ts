import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isGantryError } from '../../../core/pipeline/gantry-error.js';
import type { WasmBreakerEvent, WasmFailureEvent } from '../../../core/wasm/index.js';
import { createTestHost } from '../../../sdk/testing/index.js';
import { MISBEHAVE_PATH } from '../../fixtures/wasm/wat-module.js';
import { loadFixturePlugin } from './wasm-fixture-plugin.js';

afterEach(() => {
  vi.useRealTimers();
});

async function detailOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  return isGantryError(error) ? `${error.code} ${error.detail ?? ''}` : undefined;
}

describe('wasm plugin breaker', () => {
  it('breaker - repeated traps open it: calls fail fast with 7777 until half-open, and a good trial closes it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const failures: WasmFailureEvent[] = [];
    const states: WasmBreakerEvent[] = [];
    const onState = (message: unknown): void => { states.push(message as WasmBreakerEvent); };
    subscribe('gantry:wasm:breaker-state', onState);
    try {
      const definition = await loadFixturePlugin('trap', {}, {
        breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 5_000 },
        onFailure: (event) => failures.push(event),
      });
      const host = await createTestHost(definition, {});
      for (let i = 0; i < 3; i++) expect(await detailOf(host.request({ path: MISBEHAVE_PATH }))).toBe('7777 plugin.fixture-trap.trap');
      expect(definition.stats().breakerState).toBe(2);
      // Open: even a call the guest would serve is refused without running it.
      expect(await detailOf(host.request({ path: '/ok' }))).toBe('7777 plugin.fixture-trap.breaker-open');
      expect(failures.at(-1)).toMatchObject({ kind: 'breaker-open', breakerState: 2 });

      vi.setSystemTime(Date.now() + 5_000);
      expect((await host.request({ path: '/ok' })).reply).toBeUndefined();
      expect(definition.stats().breakerState).toBe(0);
      expect(states.map((event) => event.state)).toEqual([2, 1, 0]);
      expect(states[0]).toEqual({ plugin: 'fixture-trap', version: '1.0.0', state: 2 });
      await host.close();
    } finally {
      unsubscribe('gantry:wasm:breaker-state', onState);
    }
  });

  it('breaker - a failed half-open trial opens it again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const definition = await loadFixturePlugin('trap', {}, {
      breaker: { errorThresholdPercentage: 50, volumeThreshold: 1, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 1_000 },
    });
    const host = await createTestHost(definition, {});
    await detailOf(host.request({ path: MISBEHAVE_PATH }));
    vi.setSystemTime(Date.now() + 1_000);
    expect(await detailOf(host.request({ path: MISBEHAVE_PATH }))).toBe('7777 plugin.fixture-trap.trap');
    expect(definition.stats().breakerState).toBe(2);
    await host.close();
  });

  it('breaker - failures are published on gantry:wasm:failure for audit and metrics', async () => {
    const seen: WasmFailureEvent[] = [];
    const onFailure = (message: unknown): void => { seen.push(message as WasmFailureEvent); };
    subscribe('gantry:wasm:failure', onFailure);
    try {
      const definition = await loadFixturePlugin('bad-output');
      const host = await createTestHost(definition, {});
      await detailOf(host.request({ path: MISBEHAVE_PATH }));
      expect(seen).toEqual([expect.objectContaining({ plugin: 'fixture-bad-output', kind: 'bad-output', phase: 'request', sha256: definition.sha256 })]);
      await host.close();
    } finally {
      unsubscribe('gantry:wasm:failure', onFailure);
    }
  });
});
