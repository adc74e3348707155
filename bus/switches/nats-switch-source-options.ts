/**
 * Options and observable state of {@link NatsSwitchSource} (nats-switch-source.ts).
 */
import type { SwitchAddress } from '../../core/switches/switch-scope.js';
import type { SwitchError } from '../../core/switches/switch-error.js';
import type { BusOptions } from '../connection.js';
import { defaultSwitchBucket } from './switch-bucket.js';

/** What a node's switch source reports about itself. */
export interface NatsSwitchSourceState {
  /** True while the connection to NATS is up. */
  readonly connected: boolean;
  /** True once the bucket's values were loaded (stays true through outages: the values are kept). */
  readonly synced: boolean;
  /** Highest bucket revision applied so far; 0 before any. */
  readonly revision: number;
}

/** A value in the bucket this node refused; it kept the previous value of that address. */
export interface SwitchRefusal {
  readonly key: string;
  readonly revision: number;
  /** The address, when the key could be read. */
  readonly address: SwitchAddress | undefined;
  /** The value offered, when the entry could be read. */
  readonly value: unknown;
  /** The value this node keeps at that address (undefined: none, the next scope applies). */
  readonly kept: unknown;
  /** Who wrote the refused value, when the entry says. */
  readonly actor: string;
  readonly error: SwitchError;
}

/** How a node follows the switch bucket. Every field has a default in {@link defaultNatsSwitchSourceOptions}. */
export interface NatsSwitchSourceOptions {
  /** How to reach NATS (servers, auth, client name); laid over the bus defaults. */
  bus: Partial<BusOptions>;
  /** KV bucket holding the switches. */
  bucket: string;
  /**
   * How long `start` waits for the bucket's values, in milliseconds. Past it the node starts with
   * what it has (declared defaults) and takes the values when NATS answers.
   */
  connectTimeoutMs: number;
  /** Pause before retrying a failed connect, bucket open or watch, in milliseconds. */
  retryDelayMs: number;
  /**
   * Told of each value refused (failed validation, unreadable entry), once per key and revision.
   * The node audits it as `switch.refused` and logs it.
   */
  onRefused: (refusal: SwitchRefusal) => void;
  /** Told whenever the state changes. */
  onStateChange: (state: NatsSwitchSourceState) => void;
  /** Told of failures the source recovers from by itself (NATS unreachable, a broken watch). */
  onError: (error: Error) => void;
}

/** Defaults: bucket `gantry-switches`, 5 s before starting without values, retries every second. */
export function defaultNatsSwitchSourceOptions(): NatsSwitchSourceOptions {
  return {
    bus: { name: 'gantry-node-switches' },
    bucket: defaultSwitchBucket,
    connectTimeoutMs: 5000,
    retryDelayMs: 1000,
    onRefused: () => undefined,
    onStateChange: () => undefined,
    onError: () => undefined,
  };
}
