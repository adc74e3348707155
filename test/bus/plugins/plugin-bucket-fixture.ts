/**
 * A fresh plugin bucket per test on the shared NATS server, destroyed afterwards, plus a signing key
 * and a small manifest/module pair to publish.
 */
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterEach, beforeEach } from 'vitest';
import { connectBus } from '../../../bus/connection.js';
import { ensurePluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { sharedNatsUrl, uniqueName } from '../support/test-bucket.js';

export interface PluginBucketScope {
  readonly nc: NatsConnection;
  readonly os: ObjectStore;
  readonly bucket: string;
}

/** Registers hooks opening a unique bucket before each test and destroying it after. */
export function usePluginBucket(): PluginBucketScope {
  let current: { nc: NatsConnection; os: ObjectStore; bucket: string } | undefined;
  beforeEach(async () => {
    const nc = await connectBus({ servers: [sharedNatsUrl], name: 'gantry-test-plugins' });
    const bucket = uniqueName('gantry-plugins');
    current = { nc, os: await ensurePluginBucket(nc, bucket), bucket };
  });
  afterEach(async () => {
    await current?.os.destroy().catch(() => undefined);
    await current?.nc.close();
    current = undefined;
  });
  const get = (): { nc: NatsConnection; os: ObjectStore; bucket: string } => {
    if (current === undefined) throw new Error('the plugin bucket exists only while a test runs');
    return current;
  };
  return {
    get nc() { return get().nc; },
    get os() { return get().os; },
    get bucket() { return get().bucket; },
  };
}

/** A manifest of a TypeScript plugin, as `parsePluginManifest` returns it. */
export function tsManifest(name: string, version: string): Record<string, unknown> {
  return { apiVersion: 1, name, version, kind: 'ts', priority: 10, phases: ['request', 'response'], configSchema: { type: 'object' }, main: 'plugin.js' };
}

/**
 * The ES module of a self-contained TypeScript plugin `name@version` that stamps `x-stamp` on the
 * response and counts its live instances in `globalThis.__gantryStampLive[version]`.
 */
export function stampModuleSource(name: string, version: string): string {
  return `const live = (globalThis.__gantryStampLive ??= {});
export default {
  apiVersion: 1, name: ${JSON.stringify(name)}, version: ${JSON.stringify(version)}, priority: 10,
  schema: { type: 'object' },
  create() {
    live[${JSON.stringify(version)}] = (live[${JSON.stringify(version)}] ?? 0) + 1;
    return {
      onResponse(_exchange, response) { response.headers['x-stamp'] = ${JSON.stringify(version)}; },
      close() { live[${JSON.stringify(version)}] -= 1; },
    };
  },
};
`;
}
