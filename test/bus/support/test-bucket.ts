/**
 * Shared NATS setup for bus tests: each test gets its own KV bucket with a unique name on the
 * shared test server (127.0.0.1:4222), destroyed afterwards, so tests never see each other's keys.
 */
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectBus } from '../../../bus/connection.js';
import { ensureConfigBucket } from '../../../bus/config/config-bucket.js';
import { documentToEntries } from '../../../bus/config/config-entries.js';
import { diffEntries } from '../../../bus/config/config-diff.js';
import { readCommittedState } from '../../../bus/config/committed-state.js';
import { commitChangeSet, writeChangeSet, type ChangeSetMeta, type ChangeSetResult } from '../../../bus/config/write-change-set.js';

/** The NATS server the global setup guarantees. */
export const sharedNatsUrl = 'nats://127.0.0.1:4222';

/** A name nobody else uses: `<prefix>-<8 hex>` (valid for buckets, streams and clients). */
export function uniqueName(prefix = 'gantry-config'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh KV bucket of the test's own and the connection it was opened on. */
export interface TestBucket {
  readonly nc: NatsConnection;
  readonly kv: KV;
  readonly bucket: string;
  /** Destroys the bucket and closes the connection. */
  cleanup(): Promise<void>;
}

/** How to open one kind of test bucket. */
export interface TestBucketKind {
  /** Opens (creating) the bucket, as the production code would. */
  ensure(nc: NatsConnection, bucket: string): Promise<KV>;
  /** Bucket name prefix, made unique per test. */
  prefix: string;
  /** Client name of the writer connection. */
  clientName: string;
}

/** Opens a fresh bucket of `kind` on `servers`, on a connection of its own. */
export async function openBucketOf(kind: TestBucketKind, servers: string = sharedNatsUrl): Promise<TestBucket> {
  const nc = await connectBus({ servers: [servers], name: kind.clientName });
  const bucket = uniqueName(kind.prefix);
  const kv = await kind.ensure(nc, bucket);
  return {
    nc,
    kv,
    bucket,
    async cleanup() {
      await kv.destroy().catch(() => undefined);
      await nc.close();
    },
  };
}

/** Opens a fresh config bucket on `servers` (the shared server by default). */
export function openTestBucket(servers: string = sharedNatsUrl): Promise<TestBucket> {
  return openBucketOf({ ensure: ensureConfigBucket, prefix: 'gantry-config', clientName: 'gantry-test-writer' }, servers);
}

/** Change-set metadata for tests. */
export const testMeta: ChangeSetMeta = { actor: 'tester', reason: 'test', kind: 'apply', host: 'test-host' };

/**
 * Writes one change set to `bucket` on `servers` through a connection of its own, closed after:
 * a writer that comes and goes, like the CLI.
 */
export async function writeOnce(servers: string, bucket: string, document: unknown, meta: ChangeSetMeta = testMeta): Promise<ChangeSetResult> {
  const nc = await connectBus({ servers: [servers], name: 'gantry-test-writer' });
  try {
    return await writeChangeSet(await ensureConfigBucket(nc, bucket), document, meta);
  } finally {
    await nc.close();
  }
}

/**
 * Commits `document` without validating it, as a writer that skips validation would: the way to
 * put a config nodes must refuse into the bucket. Resolves with the commit revision.
 */
export async function writeUnvalidated(servers: string, bucket: string, document: unknown): Promise<number> {
  const nc = await connectBus({ servers: [servers], name: 'gantry-test-writer' });
  try {
    const kv = await ensureConfigBucket(nc, bucket);
    const current = await readCommittedState(kv);
    const entries = documentToEntries(document);
    const plan = { parentRevision: current?.revision ?? 0, parentManifest: current?.manifest ?? {}, entries, diff: diffEntries(current?.entries ?? new Map(), entries) };
    return (await commitChangeSet(kv, plan, testMeta)).revision;
  } finally {
    await nc.close();
  }
}
