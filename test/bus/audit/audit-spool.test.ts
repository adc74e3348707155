import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JetStreamClient } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditPublisher, SPOOL_FILE_NAME } from '../../../bus/audit/index.js';
import { openAuditFixture, type AuditFixture } from './audit-fixture.js';

function spoolLines(dir: string): string[] {
  return readFileSync(join(dir, SPOOL_FILE_NAME), 'utf8').split('\n').filter((line) => line !== '');
}

describe('audit spool', () => {
  let fx: AuditFixture;
  let dir: string;
  beforeEach(async () => {
    fx = await openAuditFixture();
    dir = mkdtempSync(join(tmpdir(), 'gantry-audit-spool-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fx.close();
  });

  it('audit spool - events undelivered at exit are replayed by the next process', async () => {
    // First "process": NATS never reached, so nothing is delivered before it exits.
    const first = new AuditPublisher(null, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    const ids = Array.from({ length: 12 }, (_, i) => first.publish({ kind: 'config.apply', actor: 'alice', key: `k${i}` })?.id);
    first.close();
    expect(spoolLines(dir)).toHaveLength(12);

    // Second "process" on the same spool directory, with NATS up.
    const second = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    expect(second.counters().replayed).toBe(12);
    second.publish({ kind: 'config.apply', actor: 'alice', key: 'after-restart' });
    await second.flush();

    const stored = await fx.stored();
    expect(stored.map((event) => event.id).slice(0, 12)).toEqual(ids);
    expect(stored.map((event) => event.key)).toEqual([...Array.from({ length: 12 }, (_, i) => `k${i}`), 'after-restart']);
    expect(spoolLines(dir)).toEqual([]);
    second.close();
  });

  it('audit spool - a replay of events already delivered stores nothing twice', async () => {
    const first = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    first.publish({ kind: 'switch.set', actor: 'a', key: 'one' });
    first.publish({ kind: 'switch.set', actor: 'a', key: 'two' });
    const copy = readFileSync(join(dir, SPOOL_FILE_NAME), 'utf8');
    await first.flush();
    first.close();
    // A crash between the stream's ack and the spool truncation leaves delivered events on disk.
    writeFileSync(join(dir, SPOOL_FILE_NAME), copy);

    const second = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    await second.flush();
    expect(second.counters()).toMatchObject({ replayed: 2, duplicates: 2, published: 0 });
    expect((await fx.stored()).map((event) => event.key)).toEqual(['one', 'two']);
    second.close();
  });

  it('audit spool - a line torn by a crash is skipped and the rest replayed', async () => {
    const first = new AuditPublisher(null, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    first.publish({ kind: 'plugin.upload', actor: 'a', key: 'p@1' });
    first.close();
    appendFileSync(join(dir, SPOOL_FILE_NAME), '{"id":"01HX","time":"2024-');

    const second = new AuditPublisher(fx.js, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    expect(second.counters().replayed).toBe(1);
    await second.flush();
    expect((await fx.stored()).map((event) => event.key)).toEqual(['p@1']);
    second.close();
  });

  it('audit spool - a long backlog is compacted as it drains', async () => {
    const first = new AuditPublisher(null, { subjectPrefix: fx.subjectPrefix, spoolDir: dir });
    for (let i = 0; i < 12; i++) first.publish({ kind: 'switch.set', actor: 'a', key: `k${i}` });
    first.close();
    // A stream stand-in that acks only when told, so the test sees the spool between acks.
    const pendingAcks: Array<() => void> = [];
    const gated = {
      publish: () => new Promise((resolve) => {
        pendingAcks.push(() => resolve({ stream: 'S', seq: 1, duplicate: false, domain: '' }));
      }),
    } as unknown as JetStreamClient;
    const second = new AuditPublisher(gated, { subjectPrefix: fx.subjectPrefix, spoolDir: dir, spoolCompactEvery: 5 });
    const ackOne = async (): Promise<void> => {
      await vi.waitFor(() => expect(pendingAcks.length).toBe(1));
      pendingAcks.pop()?.();
      await vi.waitFor(() => expect(pendingAcks.length).toBe(1));
    };
    for (let i = 0; i < 4; i++) await ackOne();
    expect(spoolLines(dir)).toHaveLength(12);
    await ackOne();
    expect(spoolLines(dir).map((line) => (JSON.parse(line) as { key: string }).key)).toEqual(
      ['k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11'],
    );
    while (second.counters().queued > 1) await ackOne();
    await vi.waitFor(() => expect(pendingAcks.length).toBe(1));
    pendingAcks.pop()?.();
    await second.flush();
    expect(spoolLines(dir)).toEqual([]);
    second.close();
  });
});
