/**
 * Options and observable state of {@link NatsConfigSource} (nats-config-source.ts).
 */
import type { BusOptions } from '../connection.js';
import { defaultConfigBucket } from './config-bucket.js';

/** What a node's config source reports about itself. */
export interface NatsConfigSourceState {
  /** True while the connection to NATS is up. */
  readonly connected: boolean;
  /**
   * True while the config delivered last came from the last-good file rather than the bucket:
   * NATS was unreachable at start, the bucket had no commit yet, or its newest commit was refused
   * at start. Cleared by the next commit delivered from the bucket.
   */
  readonly stale: boolean;
  /** Commit revision of the config delivered last; 0 before any. */
  readonly revision: number;
  /** Origin of that config (`nats:<bucket>` or `last-good:<path>`); '' before any. */
  readonly origin: string;
}

/** How a node follows the config bucket. Every field has a default in {@link defaultNatsConfigSourceOptions}. */
export interface NatsConfigSourceOptions {
  /** How to reach NATS (servers, auth, client name); laid over the bus defaults. */
  bus: Partial<BusOptions>;
  /** KV bucket holding the config. */
  bucket: string;
  /** Directory of `last-good.json`; '' keeps no copy (the node then cannot start while NATS is down). */
  dataDir: string;
  /**
   * How long `start` waits for the bucket's newest commit before it serves the last-good copy
   * instead, in milliseconds. Without a copy, `start` waits for the first commit however long.
   */
  connectTimeoutMs: number;
  /** Pause before retrying a failed connect, bucket open or watch, in milliseconds. */
  retryDelayMs: number;
  /** Told whenever the state changes. */
  onStateChange: (state: NatsConfigSourceState) => void;
  /**
   * Told of failures the source recovers from by itself: NATS unreachable (once per outage), a watch
   * that broke, a commit that cannot be read, a last-good file that cannot be read or written.
   */
  onError: (error: Error) => void;
}

/** Defaults: bucket `gantry-config`, no data dir, 5 s before falling back, retries every second. */
export function defaultNatsConfigSourceOptions(): NatsConfigSourceOptions {
  return {
    bus: { name: 'gantry-node' },
    bucket: defaultConfigBucket,
    dataDir: '',
    connectTimeoutMs: 5000,
    retryDelayMs: 1000,
    onStateChange: () => undefined,
    onError: () => undefined,
  };
}
