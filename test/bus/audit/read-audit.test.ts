import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditPublisher, readAudit, type AuditEvent } from '../../../bus/audit/index.js';
import { collect, openAuditFixture, type AuditFixture } from './audit-fixture.js';

describe('readAudit', () => {
  let fx: AuditFixture;
  let publisher: AuditPublisher;
  beforeEach(async () => {
    fx = await openAuditFixture();
    publisher = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix });
  });
  afterEach(async () => {
    publisher.close();
    await fx.close();
  });

  const read = (options: Parameters<typeof readAudit>[1] = {}): AsyncGenerator<AuditEvent> =>
    readAudit(fx.js, { stream: fx.stream, subjectPrefix: fx.subjectPrefix, ...options });

  async function publishKeys(keys: string[], kind: 'config.apply' | 'switch.set' | 'plugin.loaded' = 'config.apply'): Promise<void> {
    for (const key of keys) publisher.publish({ kind, actor: 'alice', key });
    await publisher.flush();
  }

  it('readAudit - an empty stream ends at once', async () => {
    expect(await collect(read())).toEqual([]);
  });

  it('readAudit - since a date reads only events stored from then on', async () => {
    await publishKeys(['old-1', 'old-2']);
    // Let the clock pass the last stored timestamp, so `mid` separates the two batches.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const mid = new Date();
    await publishKeys(['new-1', 'new-2', 'new-3']);
    expect((await collect(read({ since: mid }))).map((e) => e.key)).toEqual(['new-1', 'new-2', 'new-3']);
    expect((await collect(read({ since: '1h' }))).map((e) => e.key)).toHaveLength(5);
    expect(await collect(read({ since: new Date(Date.now() + 60_000) }))).toEqual([]);
  });

  it('readAudit - limit stops after that many events', async () => {
    await publishKeys(['a', 'b', 'c', 'd']);
    expect((await collect(read({ limit: 2 }))).map((e) => e.key)).toEqual(['a', 'b']);
    expect(await collect(read({ limit: 0 }))).toEqual([]);
  });

  it('readAudit - one kind is filtered by the server, several by the reader', async () => {
    await publishKeys(['c1']);
    await publishKeys(['s1'], 'switch.set');
    await publishKeys(['p1'], 'plugin.loaded');
    await publishKeys(['c2']);
    expect((await collect(read({ kinds: ['switch.set'] }))).map((e) => e.key)).toEqual(['s1']);
    expect((await collect(read({ kinds: ['config.*'] }))).map((e) => e.key)).toEqual(['c1', 'c2']);
    expect((await collect(read({ kinds: ['config.apply', 'plugin.>'] }))).map((e) => e.key)).toEqual(['c1', 'p1', 'c2']);
    expect(await collect(read({ kinds: ['config.refused'] }))).toEqual([]);
  });

  it('readAudit - messages that are not audit events are skipped', async () => {
    await publishKeys(['a']);
    await fx.js.publish(`${fx.subjectPrefix}.config.apply`, 'not json');
    await publishKeys(['b']);
    expect((await collect(read())).map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('readAudit - follow yields stored events, then new ones as they come, until aborted', async () => {
    await publishKeys(['stored']);
    const abort = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of read({ follow: true, signal: abort.signal })) {
        seen.push(event.key);
        if (event.key === 'stored') await publishKeys(['live-1', 'live-2']);
        if (seen.length === 3) abort.abort();
      }
    })();
    await reading;
    expect(seen).toEqual(['stored', 'live-1', 'live-2']);
  });

  it('readAudit - follow on an empty stream waits for the first event', async () => {
    const iterator = read({ follow: true, limit: 1 });
    const first = iterator.next();
    await publishKeys(['first']);
    expect((await first).value?.key).toBe('first');
    expect((await iterator.next()).done).toBe(true);
  });
});
