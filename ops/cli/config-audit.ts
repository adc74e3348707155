/**
 * Audit events written by the CLI. A CLI process is short-lived and has no spool, so it waits
 * (bounded) for the stream to store its event and says so when it could not: the change itself is
 * already committed by then, and the operator must know the trail has a hole.
 */
import { jetstream, jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { AuditPublisher } from '../../bus/audit/audit-publisher.js';
import { ensureAuditStream } from '../../bus/audit/audit-stream.js';
import type { AuditEvent, AuditEventInput } from '../../bus/audit/audit-event.js';
import type { NatsTargets } from './nats-flags.js';

const STREAM_NOT_FOUND = 10059;

/** How long the CLI waits for the stream's ack before giving up on an event. */
export const cliAuditTimeoutMs = 5000;

/**
 * Creates the audit stream only when it is missing. Why not `ensureAuditStream` every time: that
 * also resets an existing stream's limits to the defaults, which is the nodes' job, not a CLI's.
 */
async function createAuditStreamIfMissing(nc: NatsConnection, targets: NatsTargets): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(targets.auditStream);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== STREAM_NOT_FOUND) throw error;
    await ensureAuditStream(jsm, { name: targets.auditStream, subjectPrefix: targets.auditPrefix });
  }
}

/** What became of an audit event: stored, or why not. */
export type AuditDelivery = { readonly stored: true; readonly event: AuditEvent } | { readonly stored: false; readonly error: string };

/** Publishes one event and waits (at most `timeoutMs`) until the stream stored it. Never throws. */
export async function recordAuditEvent(nc: NatsConnection, targets: NatsTargets, input: AuditEventInput, timeoutMs = cliAuditTimeoutMs): Promise<AuditDelivery> {
  let publisher: AuditPublisher | undefined;
  try {
    await createAuditStreamIfMissing(nc, targets);
    publisher = new AuditPublisher(jetstream(nc), { subjectPrefix: targets.auditPrefix, spoolDir: null, publishTimeoutMs: timeoutMs });
    const event = publisher.publish(input);
    if (event === null) return { stored: false, error: 'the audit queue is full' };
    await publisher.flush(AbortSignal.timeout(timeoutMs));
    return { stored: true, event };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { stored: false, error: `audit event ${input.kind} not recorded in stream ${targets.auditStream}: ${reason}` };
  } finally {
    publisher?.close();
  }
}
