import { describe, expect, it } from 'vitest';
import type { ConfigCandidate, ConfigSource, DeliverConfig } from '../../../core/gateway/config-source.js';
import type { ApplyOutcome } from '../../../core/snapshot/snapshot-manager.js';
import { ObservedConfigSource } from '../../../ops/node/observed-config-source.js';

/** A source that delivers what the test hands it. */
class HandSource implements ConfigSource {
  readonly name = 'hand';
  deliver: DeliverConfig | undefined;
  closed = false;
  async start(deliver: DeliverConfig): Promise<ApplyOutcome> {
    this.deliver = deliver;
    return deliver({ origin: 'hand', document: { n: 1 }, revision: 1 });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const applied = (revision: number): ApplyOutcome => ({ kind: 'applied', origin: 'hand', revision, hash: 'h', summary: { groups: 0, apis: 0, clusters: 0, bindings: 0 }, durationMs: 0 });

describe('observed config source', () => {
  it('observed config source - tells the listener of every delivery, the first included, with its outcome', async () => {
    const inner = new HandSource();
    const seen: [ConfigCandidate, ApplyOutcome][] = [];
    const source = new ObservedConfigSource(inner, (candidate, outcome) => seen.push([candidate, outcome]));
    expect(source.name).toBe('hand');
    expect(await source.start(async (c) => applied('revision' in c ? c.revision ?? 0 : 0))).toEqual(applied(1));
    await inner.deliver?.({ origin: 'hand', document: {}, revision: 2 });
    expect(seen.map(([c, o]) => ['revision' in c ? c.revision : undefined, o.kind])).toEqual([[1, 'applied'], [2, 'applied']]);
    await source.close();
    expect(inner.closed).toBe(true);
  });

  it('observed config source - a listener that throws does not fail the delivery', async () => {
    const errors: unknown[] = [];
    const source = new ObservedConfigSource(new HandSource(), () => { throw new Error('listener broke'); }, (e) => errors.push(e));
    expect(await source.start(async () => applied(1))).toEqual(applied(1));
    expect(errors).toEqual([new Error('listener broke')]);
  });
});
