/**
 * Opening the config bucket from the CLI: writers create it when missing (as nodes do), readers
 * never do, so `gantry get` against a wrong `--bucket` says so instead of leaving an empty bucket.
 */
import { Kvm, type KV } from '@nats-io/kv';
import { jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureConfigBucket } from '../../bus/config/config-bucket.js';
import { readCommittedState, type CommittedState } from '../../bus/config/committed-state.js';
import { ConfigPlaneError } from '../../bus/config/config-plane-error.js';
import { CliError } from './cli-args.js';

// The server's answer for a stream that does not exist (a KV bucket is the stream `KV_<bucket>`).
const STREAM_NOT_FOUND = 10059;

/** Opens `bucket` if it exists; undefined when it does not (never creates it). */
export async function findConfigBucket(nc: NatsConnection, bucket: string): Promise<KV | undefined> {
  try {
    await (await jetstreamManager(nc)).streams.info(`KV_${bucket}`);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND) return undefined;
    throw error;
  }
  return new Kvm(nc).open(bucket);
}

/** Opens `bucket`; with `create` it is created when missing, else a missing bucket is a CliError. */
export async function openConfigBucket(nc: NatsConnection, bucket: string, create: boolean): Promise<KV> {
  if (create) return ensureConfigBucket(nc, bucket);
  const kv = await findConfigBucket(nc, bucket);
  if (kv === undefined) {
    throw new CliError(`config bucket "${bucket}" does not exist: nothing was ever applied there (gantry apply -f FILE creates it)`);
  }
  return kv;
}

/**
 * The committed state (newest, or at `revision`); a stored state the bus cannot read back is a
 * CliError naming the entry, since every verb would otherwise fail with a bare stack.
 */
export async function readCommitted(kv: KV, revision?: number): Promise<CommittedState | undefined> {
  try {
    return await readCommittedState(kv, revision === undefined ? {} : { revision });
  } catch (error) {
    if (error instanceof ConfigPlaneError) throw new CliError(`cannot read the committed config: ${error.message}`);
    throw error;
  }
}
