/**
 * A control plane of its own on the shared NATS for one suite or test: a unique config bucket,
 * audit stream and subject root, passed to the CLI and to nodes through the environment, and
 * removed afterwards. Parallel suites never see each other's config, events or nodes.
 */
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureConfigBucket } from '../../../bus/config/config-bucket.js';
import { readAudit, type AuditEvent } from '../../../bus/audit/index.js';

export const sharedNatsUrl = 'nats://127.0.0.1:4222';

export interface ControlPlane {
  readonly bucket: string;
  readonly auditStream: string;
  readonly subjectRoot: string;
  /** The environment that points the CLI and nodes at this control plane. */
  readonly env: Record<string, string>;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  /** The config bucket (created on first use). */
  kv(): Promise<KV>;
  /** Every audit event stored so far. */
  auditEvents(): Promise<AuditEvent[]>;
  cleanup(): Promise<void>;
}

export async function openControlPlane(): Promise<ControlPlane> {
  const tag = randomBytes(5).toString('hex');
  const bucket = `cli-test-${tag}`;
  const auditStream = `CLI_AUDIT_${tag}`;
  const subjectRoot = `clitest-${tag}`;
  const nc = await connect({ servers: sharedNatsUrl });
  const js = jetstream(nc);
  return {
    bucket,
    auditStream,
    subjectRoot,
    env: { GANTRY_NATS: sharedNatsUrl, GANTRY_CONFIG_BUCKET: bucket, GANTRY_AUDIT_STREAM: auditStream, GANTRY_SUBJECT_ROOT: subjectRoot },
    nc,
    js,
    kv: () => ensureConfigBucket(nc, bucket),
    async auditEvents() {
      const events: AuditEvent[] = [];
      for await (const event of readAudit(js, { stream: auditStream, subjectPrefix: `${subjectRoot}.audit` })) events.push(event);
      return events;
    },
    async cleanup() {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(`KV_${bucket}`).catch(() => false);
      await jsm.streams.delete(auditStream).catch(() => false);
      await nc.close();
    },
  };
}
