import type { ConfigIssue } from '../config/config-issue.js';
import type { ApplyOutcome } from '../snapshot/snapshot-manager.js';

/** A config document offered by a source, or the reason the source could not read one. */
export type ConfigCandidate =
  | { readonly origin: string; readonly document: unknown; readonly revision?: number }
  | { readonly origin: string; readonly issues: readonly ConfigIssue[] };

/** Hands a candidate to the node; resolves with what the node did with it. */
export type DeliverConfig = (candidate: ConfigCandidate) => Promise<ApplyOutcome>;

/**
 * Where config comes from: a YAML file (standalone) or the NATS KV bucket (fleet). The core only
 * knows this interface; it never imports a bus client.
 */
export interface ConfigSource {
  /** Human-readable name for logs (`file`, `nats`). */
  readonly name: string;
  /** Delivers the current document, then every change, until `close`. Resolves after the first delivery. */
  start(deliver: DeliverConfig): Promise<ApplyOutcome>;
  close(): Promise<void>;
}
