import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditPublisher, retryDelayMs, type AuditEventInput, type AuditLostMessage } from '../../../bus/audit/index.js';
import { openAuditFixture, type AuditFixture } from './audit-fixture.js';

describe('audit publisher', () => {
  let fx: AuditFixture;
  beforeEach(async () => { fx = await openAuditFixture(); });
  afterEach(async () => { await fx.close(); });

  it('audit publisher - events arrive in stream order with every field', async () => {
    const publisher = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix, sourceHost: 'host-a' });
    const inputs: AuditEventInput[] = [
      { kind: 'config.apply', actor: 'alice', key: 'apis/orders', old: { timeoutMs: 1000 }, new: { timeoutMs: 2000 }, reason: 'slow backend', revision: 7 },
      { kind: 'config.applied', actor: 'node:gw-1', key: 'apis/orders', revision: 7, node: 'gw-1' },
      { kind: 'config.refused', actor: 'node:gw-2', key: 'apis/orders', revision: 8, node: 'gw-2', reason: 'apis[0].backend.url: invalid' },
      { kind: 'switch.set', actor: 'ops-token', key: 'orders.mock', old: false, new: true },
      { kind: 'plugin.upload', actor: 'bob', key: 'cors@1.2.0', new: { sha256: 'ab'.repeat(32) } },
    ];
    for (let round = 0; round < 4; round++) {
      for (const input of inputs) expect(publisher.publish({ ...input, key: `${input.key}#${round}` })).not.toBeNull();
    }
    await publisher.flush();
    const stored = await fx.stored();
    expect(stored).toHaveLength(20);
    expect(stored.map((event) => event.key)).toEqual(
      [0, 1, 2, 3].flatMap((round) => inputs.map((input) => `${input.key}#${round}`)),
    );
    const first = stored[0];
    expect(first).toMatchObject({ ...inputs[0], key: 'apis/orders#0', sourceHost: 'host-a' });
    expect(first?.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(Number.isNaN(Date.parse(first?.time ?? ''))).toBe(false);
    expect(stored[2]).toMatchObject({ node: 'gw-2', revision: 8, reason: 'apis[0].backend.url: invalid' });
    // Ids are time-sortable: stream order equals id order.
    const ids = stored.map((event) => event.id);
    expect([...ids].sort()).toEqual(ids);
    expect(publisher.counters()).toMatchObject({ published: 20, duplicates: 0, queued: 0, dropped: 0 });
    publisher.close();
  });

  it('audit publisher - an event id sent twice is stored once', async () => {
    const publisher = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix });
    const event = publisher.publish({ kind: 'switch.set', actor: 'alice', key: 'k', new: 1 });
    expect(event).not.toBeNull();
    publisher.publish({ kind: 'switch.set', actor: 'alice', key: 'k', new: 1, id: event?.id, time: event?.time });
    await publisher.flush();
    const stored = await fx.stored();
    expect(stored.map((e) => e.id)).toEqual([event?.id]);
    expect(publisher.counters()).toMatchObject({ published: 1, duplicates: 1 });
    publisher.close();
  });

  it('audit publisher - oversized old/new are stored as size and digest', async () => {
    const publisher = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix, maxEventBytes: 4096 });
    const big = { doc: 'x'.repeat(10_000) };
    publisher.publish({ kind: 'config.apply', actor: 'alice', key: 'apis/big', old: big, new: { small: true } });
    await publisher.flush();
    const [stored] = await fx.stored();
    expect(stored?.key).toBe('apis/big');
    expect(stored?.old).toMatchObject({ truncated: true, bytes: JSON.stringify(big).length });
    expect((stored?.old as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(publisher.counters().truncated).toBe(1);
    publisher.close();
  });

  it('audit publisher - past maxQueued new events are dropped, counted and reported', async () => {
    const lost: AuditLostMessage[] = [];
    const onLost = (message: unknown): void => { lost.push(message as AuditLostMessage); };
    subscribe('gantry:bus:audit-lost', onLost);
    try {
      // No JetStream client yet: everything waits in the queue.
      const publisher = new AuditPublisher(null, { subjectPrefix: fx.subjectPrefix, maxQueued: 3 });
      const results = [1, 2, 3, 4, 5].map((n) => publisher.publish({ kind: 'switch.set', actor: 'a', key: `k${n}` }));
      expect(results.map((r) => r === null)).toEqual([false, false, false, true, true]);
      expect(publisher.counters()).toMatchObject({ queued: 3, dropped: 2, published: 0 });
      expect(lost.map((m) => [m.reason, m.event.key])).toEqual([['queue-full', 'k4'], ['queue-full', 'k5']]);
      publisher.attach(fx.js);
      await publisher.flush();
      expect((await fx.stored()).map((e) => e.key)).toEqual(['k1', 'k2', 'k3']);
      publisher.close();
    } finally {
      unsubscribe('gantry:bus:audit-lost', onLost);
    }
  });

  it('audit publisher - rejects a kind that cannot be a subject', () => {
    const publisher = new AuditPublisher(null, { subjectPrefix: fx.subjectPrefix });
    const bad = { kind: 'config.*', actor: 'a', key: 'k' } as unknown as AuditEventInput;
    expect(() => publisher.publish(bad)).toThrow(TypeError);
    publisher.close();
  });

  it('audit publisher - options spanning fields are checked and named', () => {
    expect(() => new AuditPublisher(null, { retryInitialMs: 500, retryMaxMs: 100 })).toThrow(/retryInitialMs.*retryMaxMs/);
    expect(() => new AuditPublisher(null, { maxQueued: 0 })).toThrow(/maxQueued/);
  });

  it('audit publisher - flush rejects on abort, and when closed with events undelivered', async () => {
    const publisher = new AuditPublisher(null, { subjectPrefix: fx.subjectPrefix });
    await publisher.flush();
    publisher.publish({ kind: 'switch.set', actor: 'a', key: 'k' });
    const abort = new AbortController();
    const aborted = publisher.flush(abort.signal);
    abort.abort(new Error('gave up waiting'));
    await expect(aborted).rejects.toThrow('gave up waiting');
    const pending = publisher.flush();
    publisher.close();
    await expect(pending).rejects.toThrow(/1 undelivered event\(s\), lost \(no spool\)/);
    await expect(publisher.flush()).rejects.toThrow(/undelivered/);
  });

  it('audit publisher - retry delays double up to the ceiling, within ±20 %', () => {
    const low = (): number => 0;
    const high = (): number => 0.999999;
    expect([0, 1, 2, 3, 10].map((n) => retryDelayMs(n, 200, 1000, low))).toEqual([160, 320, 640, 800, 800]);
    expect(retryDelayMs(0, 200, 1000, high)).toBeCloseTo(240, 3);
    expect(retryDelayMs(10, 200, 1000, high)).toBeCloseTo(1200, 3);
  });
});
