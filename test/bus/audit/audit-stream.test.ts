import { randomBytes } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAuditStreamOptions, ensureAuditStream } from '../../../bus/audit/index.js';

const DAY_NS = 24 * 60 * 60 * 1000 * 1_000_000;

describe('ensureAuditStream', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const created: string[] = [];
  beforeAll(async () => {
    nc = await connect({ servers: '127.0.0.1:4222' });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    for (const name of created) await jsm.streams.delete(name).catch(() => false);
    await nc.close();
  });

  function names(): { name: string; subjectPrefix: string } {
    const tag = randomBytes(6).toString('hex');
    created.push(`T_AUDIT_${tag}`);
    return { name: `T_AUDIT_${tag}`, subjectPrefix: `test.${tag}.audit` };
  }

  it('audit stream - defaults are GANTRY_AUDIT on gantry.audit.>, file storage, 30 days', () => {
    expect(defaultAuditStreamOptions()).toMatchObject({ name: 'GANTRY_AUDIT', subjectPrefix: 'gantry.audit', maxAgeMs: 30 * 86_400_000 });
  });

  it('audit stream - creates the stream with file storage and the limits asked for', async () => {
    const { name, subjectPrefix } = names();
    const info = await ensureAuditStream(jsm, { name, subjectPrefix, maxAgeMs: 7 * 86_400_000, denyDelete: false });
    expect(info.config).toMatchObject({
      name, subjects: [`${subjectPrefix}.>`], storage: 'file', retention: 'limits', max_age: 7 * DAY_NS,
      duplicate_window: 10 * 60 * 1000 * 1_000_000,
    });
  });

  it('audit stream - a second call, or concurrent calls, change nothing and keep the events', async () => {
    const { name, subjectPrefix } = names();
    await ensureAuditStream(jsm, { name, subjectPrefix });
    await jsm.jetstream().publish(`${subjectPrefix}.config.apply`, '{}');
    const again = await Promise.all([1, 2, 3].map(() => ensureAuditStream(jsm, { name, subjectPrefix })));
    for (const info of again) expect(info.config.max_age).toBe(30 * DAY_NS);
    expect((await jsm.streams.info(name)).state.messages).toBe(1);
  });

  it('audit stream - changed limits update the existing stream in place', async () => {
    const { name, subjectPrefix } = names();
    await ensureAuditStream(jsm, { name, subjectPrefix });
    await jsm.jetstream().publish(`${subjectPrefix}.switch.set`, '{}');
    const info = await ensureAuditStream(jsm, { name, subjectPrefix, maxAgeMs: 90 * 86_400_000, maxBytes: 1024 * 1024 });
    expect(info.config).toMatchObject({ max_age: 90 * DAY_NS, max_bytes: 1024 * 1024 });
    expect(info.state.messages).toBe(1);
  });

  it('audit stream - options that contradict each other are refused, naming both fields', async () => {
    await expect(ensureAuditStream(jsm, { maxAgeMs: 60_000, duplicateWindowMs: 120_000 })).rejects.toThrow(/duplicateWindowMs.*maxAgeMs/);
    await expect(ensureAuditStream(jsm, { replicas: 7 })).rejects.toThrow(/replicas/);
  });
});
