/**
 * A fresh switch bucket per test on the shared NATS, destroyed afterwards, and the bounded wait
 * the bus suites use instead of sleeps.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectBus } from '../../../bus/connection.js';
import { ensureSwitchBucket } from '../../../bus/switches/switch-bucket.js';
import { sharedNatsUrl, uniqueName } from '../support/test-bucket.js';

export { sharedNatsUrl };

/** A switch bucket of its own and the connection it was opened on. */
export interface SwitchBucketFixture {
  readonly nc: NatsConnection;
  readonly kv: KV;
  readonly bucket: string;
  cleanup(): Promise<void>;
}

export async function openSwitchBucket(servers: string = sharedNatsUrl): Promise<SwitchBucketFixture> {
  const nc = await connectBus({ servers: [servers], name: 'gantry-test-switch-writer' });
  const bucket = uniqueName('gantry-switches');
  const kv = await ensureSwitchBucket(nc, bucket);
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

/**
 * Polls `probe` until it returns something other than undefined, at most `timeoutMs`: a bound for a
 * broken test, never a timing assertion.
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
