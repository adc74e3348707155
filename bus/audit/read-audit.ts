import { DeliverPolicy, type JetStreamClient, type JsMsg, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { decodeAuditEvent, type AuditEvent } from './audit-event.js';
import { resolveSince } from './duration.js';
import { subjectMatches } from './subject-match.js';

/** What to read from the audit stream. */
export interface ReadAuditOptions {
  /** Stream name. */
  stream: string;
  /** Subject prefix of the stream (`kinds` are relative to it). */
  subjectPrefix: string;
  /**
   * First event to read: a Date, milliseconds before now, a duration before now (`'1h'`, `'30m'`) or
   * an ISO date string; undefined reads from the oldest stored event.
   */
  since: Date | number | string | undefined;
  /** Stop after this many events; undefined for no limit. */
  limit: number | undefined;
  /** Keep waiting for new events after the stored ones (like `tail -f`) until `signal` aborts. */
  follow: boolean;
  /**
   * Kinds to read, each a kind or a subject pattern relative to the prefix (`'config.refused'`,
   * `'config.*'`, `'plugin.>'`); undefined or empty reads all. One pattern filters on the server;
   * several are filtered here, since servers before 2.10 take one filter subject per consumer.
   */
  kinds: readonly string[] | undefined;
  /** Ends the iteration (the only way to end a `follow` read besides `limit` or `break`). */
  signal: AbortSignal | undefined;
}

/** Defaults: `GANTRY_AUDIT` on `gantry.audit`, everything stored, no limit, no follow. */
export function defaultReadAuditOptions(): ReadAuditOptions {
  return {
    stream: 'GANTRY_AUDIT',
    subjectPrefix: 'gantry.audit',
    since: undefined,
    limit: undefined,
    follow: false,
    kinds: undefined,
    signal: undefined,
  };
}

function orderedConsumerOptions(options: ReadAuditOptions, since: Date | null): Partial<OrderedConsumerOptions> {
  const kinds = options.kinds ?? [];
  const consumer: Partial<OrderedConsumerOptions> = since
    ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString() }
    : { deliver_policy: DeliverPolicy.All };
  if (kinds.length === 1) consumer.filter_subjects = `${options.subjectPrefix}.${kinds[0]}`;
  return consumer;
}

function eventOf(msg: JsMsg): AuditEvent | null {
  return decodeAuditEvent(msg.string());
}

/**
 * Reads audit events in stream order through an ordered consumer (an ephemeral consumer the client
 * re-creates at the right sequence after a gap or a reconnect, so a `follow` read survives a NATS
 * restart). Without `follow` the iteration ends at the last event stored when it started. Messages on
 * the subjects that are not audit events are skipped. Breaking out of the loop deletes the consumer.
 * This backs `gantry audit tail [--since 1h] [--follow]`.
 */
export async function* readAudit(
  js: JetStreamClient,
  options: Partial<ReadAuditOptions> = {},
): AsyncGenerator<AuditEvent, void, undefined> {
  const resolved: ReadAuditOptions = { ...defaultReadAuditOptions(), ...options };
  if (resolved.limit !== undefined && resolved.limit <= 0) return;
  const since = resolved.since === undefined ? null : resolveSince(resolved.since);
  const patterns = (resolved.kinds ?? []).map((kind) => `${resolved.subjectPrefix}.${kind}`);
  const consumer = await js.consumers.get(resolved.stream, orderedConsumerOptions(resolved, since));
  // The consumer is created by get(); its info at creation says how many stored events match.
  let remaining = resolved.follow ? Infinity : (await consumer.info(true)).num_pending;
  if (remaining === 0) {
    await consumer.delete().catch(() => false);
    return;
  }
  const messages = await consumer.consume({ max_messages: 256 });
  const stop = (): void => void messages.close();
  if (resolved.signal?.aborted) stop();
  resolved.signal?.addEventListener('abort', stop, { once: true });
  let yielded = 0;
  try {
    for await (const msg of messages) {
      remaining--;
      const event = eventOf(msg);
      const wanted = event !== null
        && (patterns.length <= 1 || patterns.some((pattern) => subjectMatches(pattern, msg.subject)))
        // An ordered consumer re-created before its first delivery restarts at sequence 1, not at the
        // start time; the stream's own timestamp (what `since` means on the server) keeps those out.
        && (since === null || msg.time.getTime() >= since.getTime());
      if (wanted && event) {
        yield event;
        yielded++;
        if (resolved.limit !== undefined && yielded >= resolved.limit) return;
      }
      if (remaining <= 0 || (!resolved.follow && msg.info.pending === 0)) return;
    }
  } finally {
    resolved.signal?.removeEventListener('abort', stop);
    await messages.close();
    // Closing only stops the pulls; without this the server keeps the consumer until it idles out.
    await consumer.delete().catch(() => false);
  }
}
