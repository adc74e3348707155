import { InvalidArgumentError } from '@nats-io/transport-node';
import { JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import {
  auditSubject, createAuditEvent, encodeAuditEvent, type AuditEvent, type AuditEventInput, type EncodedAuditEvent,
} from './audit-event.js';
import { resolveAuditPublisherOptions, type AuditPublisherOptions } from './audit-publisher-options.js';
import { auditLostChannel, type AuditLossReason, type AuditLostMessage } from './audit-lost-channel.js';
import { zeroAuditPublisherCounters, type AuditPublisherCounters } from './audit-publisher-counters.js';
import { AuditSpool } from './audit-spool.js';
import { retryDelayMs } from './retry-delay.js';

/** An event ready to send: its subject and JSON are computed once, when it is queued. */
type QueuedEvent = Pick<EncodedAuditEvent, 'event' | 'json'> & { subject: string };

// The server's error for a message larger than the stream's max_msg_size.
const MESSAGE_TOO_LARGE = 10054;

/** True when re-sending cannot help: the payload is over a limit the server or client enforces. */
function isPermanentFailure(err: unknown): boolean {
  if (err instanceof InvalidArgumentError) return true;
  return err instanceof JetStreamApiError && err.code === MESSAGE_TOO_LARGE;
}

/**
 * Writes audit events to the audit stream without ever losing one to an outage. Events are queued
 * (and appended to the spool file when there is one) before the first attempt, and sent one at a
 * time, oldest first, each retried with backoff until the stream acks it; so they arrive in the order
 * they were published. Every attempt carries the event id as `Nats-Msg-Id`, so a re-send after a lost
 * ack, or a replay after a restart, is stored once (within the stream's duplicate window).
 *
 * `publish` never throws for bus trouble and never waits: recording an audit event must not fail or
 * slow the change it records. `js` may be null while no connection exists yet; `attach` supplies it.
 */
export class AuditPublisher {
  private readonly options: AuditPublisherOptions;
  private readonly spool: AuditSpool | null;
  private readonly queue: QueuedEvent[] = [];
  private js: JetStreamClient | null;
  private pumping = false;
  private closed = false;
  private failures = 0;
  private deliveredSinceCompact = 0;
  private wakeRetry: (() => void) | null = null;
  private flushWaiters: Array<(error?: Error) => void> = [];
  private readonly stats: AuditPublisherCounters = zeroAuditPublisherCounters();
  /** The last publish failure, for diagnostics (`gantry nodes`, logs); null after a success. */
  lastError: unknown = null;

  constructor(js: JetStreamClient | null, options: Partial<AuditPublisherOptions> = {}) {
    this.js = js;
    this.options = resolveAuditPublisherOptions(options);
    this.spool = this.options.spoolDir === null ? null : new AuditSpool(this.options.spoolDir);
    if (this.spool) this.replaySpool(this.spool);
    void this.pump();
  }

  /** Gives the publisher its JetStream client (first connection, or a new one) and sends the backlog. */
  attach(js: JetStreamClient): void {
    this.js = js;
    this.retryNow();
  }

  /**
   * Records an event: completes it (id, time, source host), queues it, and returns it at once; null
   * when the queue is full and the event was dropped (counted, and published on `gantry:bus:audit-lost`).
   * Throws a TypeError only for a kind that cannot be a subject (a programming error).
   */
  publish(input: AuditEventInput): AuditEvent | null {
    const subject = auditSubject(this.options.subjectPrefix, input.kind);
    const { event, json, truncated } = encodeAuditEvent(createAuditEvent(input, this.options.sourceHost), this.options.maxEventBytes);
    if (truncated) this.stats.truncated++;
    if (this.queue.length >= this.options.maxQueued) {
      this.stats.dropped++;
      this.reportLoss(event, 'queue-full');
      return null;
    }
    this.queue.push({ event, json, subject });
    if (this.spool) {
      try {
        this.spool.append(json);
      } catch {
        this.stats.spoolErrors++;
      }
    }
    void this.pump();
    return event;
  }

  /** Skips the current backoff wait and tries the oldest event now (e.g. on a reconnect status). */
  retryNow(): void {
    this.wakeRetry?.();
    void this.pump();
  }

  /**
   * Resolves once every queued event is delivered (or given up). Rejects if `signal` aborts first, or
   * if `close()` is called with events still undelivered.
   */
  flush(signal?: AbortSignal): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => {
        this.flushWaiters = this.flushWaiters.filter((waiter) => waiter !== done);
        reject(signal?.reason ?? new Error('flush aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.flushWaiters.push(done);
    });
  }

  /** Current counters. */
  counters(): AuditPublisherCounters {
    return { ...this.stats, queued: this.queue.length };
  }

  /**
   * Stops sending. Undelivered events stay in the spool for the next start (they are lost without a
   * spool), and pending `flush` calls reject. An attempt already in flight may still land.
   */
  close(): void {
    this.closed = true;
    this.wakeRetry?.();
    if (this.queue.length === 0) return;
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const waiter of waiters) waiter(this.closedError());
  }

  private closedError(): Error {
    const where = this.spool ? `kept in ${this.spool.path}` : 'lost (no spool)';
    return new Error(`audit publisher closed with ${this.queue.length} undelivered event(s), ${where}`);
  }

  private replaySpool(spool: AuditSpool): void {
    const { events, unreadableLines } = spool.read();
    for (const { event, json } of events) {
      let subject: string;
      try {
        subject = auditSubject(this.options.subjectPrefix, event.kind);
      } catch (err) {
        this.stats.rejected++;
        this.reportLoss(event, 'rejected', err);
        continue;
      }
      if (this.queue.length >= this.options.maxQueued) {
        this.stats.dropped++;
        this.reportLoss(event, 'queue-full');
        continue;
      }
      this.queue.push({ event, json, subject });
    }
    this.stats.replayed = this.queue.length;
    // Torn lines, bad kinds and overflow are gone from memory; drop them from the file too.
    if (unreadableLines > 0 || this.queue.length < events.length) this.compactSpool();
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      while (!this.closed && this.js !== null && this.queue[0] !== undefined) {
        await this.sendOldest(this.js, this.queue[0]);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async sendOldest(js: JetStreamClient, { event, json, subject }: QueuedEvent): Promise<void> {
    try {
      const ack = await js.publish(subject, json, {
        msgID: event.id,
        timeout: this.options.publishTimeoutMs,
      });
      if (ack.duplicate) this.stats.duplicates++;
      else this.stats.published++;
      this.delivered();
    } catch (err) {
      if (isPermanentFailure(err)) {
        this.stats.rejected++;
        this.reportLoss(event, 'rejected', err);
        this.delivered();
        return;
      }
      this.stats.failedAttempts++;
      this.lastError = err;
      await this.waitBeforeRetry();
      return;
    }
    this.lastError = null;
  }

  /** Removes the oldest event; keeps the spool in step and wakes flush() when the queue empties. */
  private delivered(): void {
    this.queue.shift();
    this.failures = 0;
    if (this.queue.length === 0) {
      this.deliveredSinceCompact = 0;
      this.clearSpool();
      const waiters = this.flushWaiters;
      this.flushWaiters = [];
      for (const waiter of waiters) waiter();
      return;
    }
    // Why compact at all: after a crash the spool is replayed whole, and events delivered long ago
    // could fall outside the duplicate window; rewriting every N deliveries bounds that re-send.
    if (++this.deliveredSinceCompact >= this.options.spoolCompactEvery) {
      this.deliveredSinceCompact = 0;
      this.compactSpool();
    }
  }

  private waitBeforeRetry(): Promise<void> {
    const delayMs = retryDelayMs(this.failures, this.options.retryInitialMs, this.options.retryMaxMs);
    this.failures = Math.min(this.failures + 1, 30);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeRetry = null;
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      this.wakeRetry = wake;
    });
  }

  private compactSpool(): void {
    if (!this.spool) return;
    try {
      this.spool.rewrite(this.queue.map((queued) => queued.json));
    } catch {
      this.stats.spoolErrors++;
    }
  }

  private clearSpool(): void {
    if (!this.spool) return;
    try {
      this.spool.clear();
    } catch {
      this.stats.spoolErrors++;
    }
  }

  private reportLoss(event: AuditEvent, reason: AuditLossReason, error?: unknown): void {
    if (auditLostChannel.hasSubscribers) {
      const message: AuditLostMessage = error === undefined ? { event, reason } : { event, reason, error };
      auditLostChannel.publish(message);
    }
  }
}
