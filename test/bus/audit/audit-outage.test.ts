import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPublisher, readAudit } from '../../../bus/audit/index.js';
import { openAuditFixture, type AuditFixture } from './audit-fixture.js';
import { createRestartableNats, type RestartableNats } from '../support/restartable-nats.js';

/** Resolves once `predicate` holds, polling; fails the test after `attempts`. */
async function until(predicate: () => boolean, attempts = 400): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

describe('audit publisher across a NATS outage', () => {
  let nats: RestartableNats;
  let fx: AuditFixture;
  beforeAll(async () => {
    nats = await createRestartableNats();
    await nats.start();
    fx = await openAuditFixture(nats.url);
  });
  afterAll(async () => {
    await fx?.close().catch(() => undefined);
    await nats?.dispose();
  });

  it('audit outage - every event published while NATS is down arrives, in order, once', async () => {
    const publisher = new AuditPublisher(fx.js, {
      subjectPrefix: fx.subjectPrefix, publishTimeoutMs: 300, retryInitialMs: 50, retryMaxMs: 200,
    });
    for (let i = 0; i < 5; i++) publisher.publish({ kind: 'config.apply', actor: 'alice', key: `before-${i}` });
    await publisher.flush();

    await nats.stop();
    const during = 40;
    for (let i = 0; i < during; i++) publisher.publish({ kind: 'switch.set', actor: 'bob', key: `during-${i}`, new: i });
    // The backlog is held while the server is gone, and attempts fail meanwhile.
    await until(() => publisher.counters().failedAttempts >= 2);
    expect(publisher.counters().queued).toBe(during);

    await nats.start();
    await publisher.flush();

    const stored = await fx.stored();
    const keys = stored.map((event) => event.key);
    expect(keys).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `before-${i}`),
      ...Array.from({ length: during }, (_, i) => `during-${i}`),
    ]);
    expect(new Set(stored.map((event) => event.id)).size).toBe(5 + during);
    expect(publisher.counters()).toMatchObject({ queued: 0, dropped: 0, rejected: 0 });
    expect(publisher.counters().published + publisher.counters().duplicates).toBe(5 + during);
    publisher.close();
  });

  it('audit outage - a follow reader resumes after NATS restarts, without gaps or repeats', async () => {
    const publisher = new AuditPublisher(fx.js, {
      subjectPrefix: fx.subjectPrefix, publishTimeoutMs: 300, retryInitialMs: 50, retryMaxMs: 200,
    });
    publisher.publish({ kind: 'config.apply', actor: 'alice', key: 'follow-0' });
    await publisher.flush();
    const abort = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      const events = readAudit(fx.js, {
        stream: fx.stream, subjectPrefix: fx.subjectPrefix, follow: true, signal: abort.signal, kinds: ['config.apply'],
      });
      for await (const event of events) {
        if (!event.key.startsWith('follow-')) continue;
        seen.push(event.key);
        if (seen.length === 4) abort.abort();
      }
    })();
    await until(() => seen.length === 1);
    await nats.stop();
    publisher.publish({ kind: 'config.apply', actor: 'alice', key: 'follow-1' });
    await nats.start();
    publisher.publish({ kind: 'config.apply', actor: 'alice', key: 'follow-2' });
    publisher.publish({ kind: 'config.apply', actor: 'alice', key: 'follow-3' });
    await publisher.flush();
    await reading;
    expect(seen).toEqual(['follow-0', 'follow-1', 'follow-2', 'follow-3']);
    publisher.close();
  });
});
