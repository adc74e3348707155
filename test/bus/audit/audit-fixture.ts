/**
 * A fresh audit stream per test on the shared NATS (own stream name and subject prefix, so suites
 * running in parallel never see each other's events), deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureAuditStream, readAudit, type AuditEvent, type ReadAuditOptions } from '../../../bus/audit/index.js';

export interface AuditFixture {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  subjectPrefix: string;
  /** Every stored event of the fixture's stream, oldest first. */
  stored(options?: Partial<ReadAuditOptions>): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Connects to `servers` (the shared NATS by default) and creates a stream of its own. */
export async function openAuditFixture(servers = '127.0.0.1:4222'): Promise<AuditFixture> {
  const nc = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const tag = randomBytes(6).toString('hex');
  const stream = `T_AUDIT_${tag}`;
  const subjectPrefix = `test.${tag}.audit`;
  await ensureAuditStream(jsm, { name: stream, subjectPrefix, denyDelete: false });
  return {
    nc,
    js,
    jsm,
    stream,
    subjectPrefix,
    stored: (options = {}) => collect(readAudit(js, { stream, subjectPrefix, ...options })),
    close: async () => {
      try {
        await jsm.streams.delete(stream);
      } finally {
        await nc.close();
      }
    },
  };
}
