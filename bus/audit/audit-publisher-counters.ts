/** What the publisher did so far (counts since construction; `queued` is the current backlog). */
export interface AuditPublisherCounters {
  /** Events the stream stored. */
  published: number;
  /** Events the stream recognised as already stored (a re-send after a lost ack or a replay). */
  duplicates: number;
  /** Events waiting for delivery now. */
  queued: number;
  /** Events dropped because `maxQueued` was reached. */
  dropped: number;
  /** Events the stream refused for good (too large for the server); dropped. */
  rejected: number;
  /** Publish attempts that failed and were retried. */
  failedAttempts: number;
  /** Events read back from the spool at start. */
  replayed: number;
  /** Events whose `old`/`new` were replaced by size and digest. */
  truncated: number;
  /** Spool writes that failed (the event is still held in memory). */
  spoolErrors: number;
}

/** Counters at construction. */
export function zeroAuditPublisherCounters(): AuditPublisherCounters {
  return {
    published: 0, duplicates: 0, queued: 0, dropped: 0, rejected: 0, failedAttempts: 0, replayed: 0, truncated: 0, spoolErrors: 0,
  };
}
