/**
 * The switch bucket: a JetStream KV bucket with one key per switch value (see switch-keys.ts),
 * keeping a short history per key so an operator can see what a switch was before.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

/** Name of the switch bucket unless told otherwise (tests use one bucket each). */
export const defaultSwitchBucket = 'gantry-switches';

/** Values kept per key: the current one and a few before it (the audit stream has them all). */
export const switchBucketHistory = 16;

/**
 * Opens the switch bucket, creating it (file storage, history 16) when it does not exist yet. Both
 * writers and nodes call it, so whichever comes first creates the same bucket.
 */
export function ensureSwitchBucket(nc: NatsConnection, bucket: string = defaultSwitchBucket): Promise<KV> {
  return new Kvm(nc).create(bucket, { history: switchBucketHistory, description: 'Gantry dynamic switches: one key per switch value' });
}
