/**
 * The plugin registry's JetStream Object Store bucket (`gantry-plugins` unless configured).
 */
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/** The bucket nodes and the CLI use unless told otherwise. */
export const defaultPluginBucket = 'gantry-plugins';

/** Opens the bucket, creating it (file storage, one replica) when it does not exist. */
export async function ensurePluginBucket(nc: NatsConnection, bucket: string = defaultPluginBucket): Promise<ObjectStore> {
  return new Objm(nc).create(bucket, { description: 'Gantry plugin registry: signed modules and manifests by name/version' });
}

/** Opens the bucket for reading; undefined when it was never created (nothing published yet). */
export async function findPluginBucket(nc: NatsConnection, bucket: string = defaultPluginBucket): Promise<ObjectStore | undefined> {
  try {
    return await new Objm(nc).open(bucket);
  } catch (error) {
    if (error instanceof Error && /not found|no stream/i.test(error.message)) return undefined;
    throw error;
  }
}
