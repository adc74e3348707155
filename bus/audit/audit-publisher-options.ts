import { hostname } from 'node:os';

/** Settings of an {@link AuditPublisher}. */
export interface AuditPublisherOptions {
  /** Subject prefix; an event goes to `<subjectPrefix>.<kind>`. Must match the stream's. */
  subjectPrefix: string;
  /**
   * Directory of the spool file (`audit-spool.jsonl`), or null to keep undelivered events in memory
   * only. With a spool, events survive a process restart: they are replayed at the next start.
   */
  spoolDir: string | null;
  /** Most events held undelivered; past it new events are dropped and counted. */
  maxQueued: number;
  /** Encoded size above which `old`/`new` are replaced by their size and sha256, in bytes. */
  maxEventBytes: number;
  /** How long one publish waits for the stream's ack before it counts as failed, in ms. */
  publishTimeoutMs: number;
  /** First retry delay after a failed publish, in ms; doubles per failure. */
  retryInitialMs: number;
  /** Longest retry delay, in ms. */
  retryMaxMs: number;
  /** Delivered events after which the spool is rewritten without them while a backlog drains. */
  spoolCompactEvery: number;
  /** Written into events that do not name their source host. */
  sourceHost: string;
}

/** Defaults: `gantry.audit`, no spool, 10 000 events, 512 KiB per event, 5 s ack, retries 200 ms → 10 s. */
export function defaultAuditPublisherOptions(): AuditPublisherOptions {
  return {
    subjectPrefix: 'gantry.audit',
    spoolDir: null,
    maxQueued: 10_000,
    // Half the server's default 1 MiB max payload: leaves room for headers and a lowered server limit.
    maxEventBytes: 512 * 1024,
    publishTimeoutMs: 5000,
    retryInitialMs: 200,
    retryMaxMs: 10_000,
    spoolCompactEvery: 64,
    sourceHost: hostname(),
  };
}

/** Merges over the defaults and checks the rules that span fields; errors name the fields. */
export function resolveAuditPublisherOptions(options: Partial<AuditPublisherOptions>): AuditPublisherOptions {
  const resolved = { ...defaultAuditPublisherOptions(), ...options };
  if (resolved.retryInitialMs <= 0 || resolved.retryMaxMs < resolved.retryInitialMs) {
    throw new RangeError(`audit publisher: retryInitialMs (${resolved.retryInitialMs}) must be > 0 and ≤ retryMaxMs (${resolved.retryMaxMs})`);
  }
  if (!Number.isInteger(resolved.maxQueued) || resolved.maxQueued < 1) {
    throw new RangeError(`audit publisher: maxQueued must be a positive integer, got ${resolved.maxQueued}`);
  }
  if (resolved.spoolCompactEvery < 1) {
    throw new RangeError(`audit publisher: spoolCompactEvery must be ≥ 1, got ${resolved.spoolCompactEvery}`);
  }
  return resolved;
}
