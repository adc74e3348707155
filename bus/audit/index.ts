/**
 * The audit trail on the bus: the `GANTRY_AUDIT` stream, the publisher that never loses an event to
 * an outage, and the reader behind `gantry audit tail`. See README.md for subjects and guarantees.
 */
export { AuditKinds, auditKindList, isAuditKind } from './audit-kinds.js';
export type { AuditKind, AuditKindEntry, AuditWriter } from './audit-kinds.js';
export { auditSubject, createAuditEvent, decodeAuditEvent, encodeAuditEvent } from './audit-event.js';
export type { AuditEvent, AuditEventInput, EncodedAuditEvent, TruncatedValue } from './audit-event.js';
export { newEventId } from './event-id.js';
export { auditStreamConfig, defaultAuditStreamOptions, ensureAuditStream } from './audit-stream.js';
export type { AuditStreamOptions } from './audit-stream.js';
export { defaultAuditPublisherOptions, resolveAuditPublisherOptions } from './audit-publisher-options.js';
export type { AuditPublisherOptions } from './audit-publisher-options.js';
export { AuditPublisher } from './audit-publisher.js';
export type { AuditPublisherCounters } from './audit-publisher-counters.js';
export { retryDelayMs } from './retry-delay.js';
export { auditLostChannel } from './audit-lost-channel.js';
export type { AuditLossReason, AuditLostMessage } from './audit-lost-channel.js';
export { SPOOL_FILE_NAME } from './audit-spool.js';
export { defaultReadAuditOptions, readAudit } from './read-audit.js';
export type { ReadAuditOptions } from './read-audit.js';
export { parseDurationMs, resolveSince } from './duration.js';
