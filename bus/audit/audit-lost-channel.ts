import { channel } from 'node:diagnostics_channel';
import type { AuditEvent } from './audit-event.js';

/** Why an event was given up: the queue was full, or the stream refused it for good. */
export type AuditLossReason = 'queue-full' | 'rejected';

/**
 * Published when an event is given up: `{ event, reason, error? }`. Rare by design; subscribe to log
 * it or count it in metrics (`core/observe`), since the audit trail now has a hole.
 */
export const auditLostChannel = channel('gantry:bus:audit-lost');

/** Payload of {@link auditLostChannel}. */
export interface AuditLostMessage {
  readonly event: AuditEvent;
  readonly reason: AuditLossReason;
  readonly error?: unknown;
}
