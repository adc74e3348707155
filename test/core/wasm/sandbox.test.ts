import { describe, expect, it } from 'vitest';
import { isGantryError } from '../../../core/pipeline/gantry-error.js';
import type { WasmFailureEvent } from '../../../core/wasm/index.js';
import { createTestHost } from '../../../sdk/testing/index.js';
import { MISBEHAVE_PATH, type WatFixture } from '../../fixtures/wasm/wat-module.js';
import { loadFixturePlugin } from './wasm-fixture-plugin.js';

/** A breaker that never opens, so each test sees the guest's own failure. */
const calmBreaker = { errorThresholdPercentage: 100, volumeThreshold: 1_000, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 1_000 };

async function expect7777(promise: Promise<unknown>, detail: string): Promise<void> {
  const error: unknown = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(isGantryError(error) ? [error.code, error.detail] : error).toEqual([7777, detail]);
}

const cases: readonly [WatFixture, string, { timeoutMs?: number; memoryMiB?: number }][] = [
  ['spin', 'timeout', { timeoutMs: 30 }],
  ['recurse', 'timeout', { timeoutMs: 30 }],
  ['fill', 'timeout', { timeoutMs: 30 }],
  ['memory-hog', 'trap', { memoryMiB: 4 }],
  ['host-hog', 'memory', { memoryMiB: 4 }],
  ['trap', 'trap', {}],
  ['bad-output', 'bad-output', {}],
];

describe('wasm sandbox - a misbehaving guest fails its own call only', () => {
  for (const [fixture, kind, limits] of cases) {
    it(`${fixture} - the call fails with 7777 (${kind}), the next call succeeds on a fresh instance`, async () => {
      const events: WasmFailureEvent[] = [];
      const definition = await loadFixturePlugin(fixture, limits, { breaker: calmBreaker, onFailure: (event) => events.push(event) });
      const host = await createTestHost(definition, {});
      try {
        await expect7777(host.request({ path: MISBEHAVE_PATH }), `plugin.fixture-${fixture}.${kind}`);
        const next = await host.request({ path: '/ok' });
        expect(next.reply).toBeUndefined();
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ plugin: `fixture-${fixture}`, version: '1.0.0', phase: 'request', kind, sha256: definition.sha256 });
        expect(definition.stats()).toMatchObject({ calls: 2, failures: 1 });
      } finally {
        await host.close();
      }
      expect(definition.stats().liveGuests).toBe(0);
    });
  }
});
