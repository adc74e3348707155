/**
 * The hot swap guarantee, end to end: a node serving under steady, bounded load while 50 versions
 * are published one after another into the range its binding names. Every call must succeed (on
 * the old version or the new one), and once the load stops exactly one instance must be alive —
 * the last version's — so every swapped-out instance was closed, none leaked, none closed early.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollUntil } from '../../core/pipeline/gateway-calls.js';
import { liveStampInstances, openRegistryNode, stampOf, type RegistryNodeFixture } from './registry-node-fixture.js';

const SWAPS = 50;
const CLIENTS = 4;

describe('hot swap under load', () => {
  let fx: RegistryNodeFixture;

  beforeEach(async () => {
    fx = await openRegistryNode();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('hot swap - 50 swaps during load: zero failed calls, zero leaked instances', async () => {
    const live = liveStampInstances();
    await fx.publishStamp('3.0.0');
    await fx.commit({ a: [{ name: 'stamp@^3' }] });
    const node = await fx.startNode('swap');
    expect((await stampOf(node, '/a')).stamp).toBe('3.0.0');

    let running = true;
    const failures: string[] = [];
    const served = new Set<string>();
    let calls = 0;
    const client = async (): Promise<void> => {
      while (running) {
        const { status, stamp } = await stampOf(node, '/a');
        calls++;
        if (status !== 200 || stamp === null) failures.push(`${status} ${String(stamp)}`);
        else served.add(stamp);
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);

    for (let i = 1; i <= SWAPS; i++) {
      const version = `3.${i}.0`;
      await fx.publishStamp(version);
      // Each publish is its own swap: wait until the node runs it before publishing the next.
      await pollUntil(() => (node.status().plugins.some((p) => p.version === version) ? true : undefined), `the swap to ${version}`, 10_000, 5);
    }
    running = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(SWAPS);
    expect(served.has(`3.${SWAPS}.0`)).toBe(true);
    // Old instances close once their last in-flight call has left; then only the newest is alive.
    const versions = ['3.0.0', ...Array.from({ length: SWAPS }, (_, i) => `3.${i + 1}.0`)];
    await pollUntil(() => (versions.every((v) => (live[v] ?? 0) === (v === `3.${SWAPS}.0` ? 1 : 0)) ? true : undefined), 'every old instance closed');
    expect(versions.map((v) => live[v])).toEqual(versions.map((v) => (v === `3.${SWAPS}.0` ? 1 : 0)));
    expect(node.status().plugins).toEqual([{ name: 'stamp', version: `3.${SWAPS}.0`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });
});
