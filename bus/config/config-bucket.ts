/**
 * The config bucket: a JetStream KV bucket keeping the last 64 values of every key, so a node can
 * still read a value its manifest names after later writes to the key, and `rollback` can reach back.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

/** Name of the config bucket unless told otherwise (tests use one bucket each). */
export const defaultConfigBucket = 'gantry-config';

/** Values kept per key. A manifest can only name values still inside this window. */
export const configBucketHistory = 64;

/**
 * Opens the config bucket, creating it (file storage, history 64) when it does not exist yet. Both
 * writers and nodes call it, so whichever comes first creates the same bucket.
 */
export function ensureConfigBucket(nc: NatsConnection, bucket: string = defaultConfigBucket): Promise<KV> {
  return new Kvm(nc).create(bucket, { history: configBucketHistory, description: 'Gantry API config: one key per object, published by commit' });
}
