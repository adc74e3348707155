/**
 * The per-test bucket most bus suites start from, as vitest hooks: a fresh bucket before each test;
 * after it, whatever the test started is stopped (newest first) and then the bucket destroyed.
 */
import { afterEach, beforeEach } from 'vitest';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { recordingSource, type RecordingSource } from './recording-source.js';
import { openTestBucket, type TestBucket } from './test-bucket.js';

/** The current test's bucket; read its fields inside a test, not while the suite is collected. */
export interface TestBucketScope {
  readonly nc: NatsConnection;
  readonly kv: KV;
  readonly bucket: string;
  /** A recording config source on this bucket (not started), closed after the test. */
  recordingSource(options?: Parameters<typeof recordingSource>[1]): RecordingSource;
  /** Runs `stop` after the test, before the bucket is destroyed. */
  stopAfterTest(stop: () => Promise<void>): void;
}

/**
 * Registers the hooks in the calling `describe` and returns the scope they fill. `open` picks the
 * kind of bucket (a config bucket by default).
 */
export function useTestBucket(open: () => Promise<TestBucket> = openTestBucket): TestBucketScope {
  let current: TestBucket | undefined;
  let stoppers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    const stopping = stoppers.reverse();
    stoppers = [];
    for (const stop of stopping) await stop();
    await current?.cleanup();
    current = undefined;
  });
  const bucket = (): TestBucket => {
    if (current === undefined) throw new Error('the test bucket exists only while a test runs');
    return current;
  };
  const scope: TestBucketScope = {
    get nc() { return bucket().nc; },
    get kv() { return bucket().kv; },
    get bucket() { return bucket().bucket; },
    recordingSource(options) {
      const node = recordingSource(bucket().bucket, options);
      scope.stopAfterTest(() => node.source.close());
      return node;
    },
    stopAfterTest(stop) {
      stoppers.push(stop);
    },
  };
  return scope;
}
