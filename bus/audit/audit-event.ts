import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuditKind } from './audit-kinds.js';
import { newEventId } from './event-id.js';
import { parseJsonRecord } from '../json-record.js';

/** One audit record: who changed what, from where, old → new. Stored as JSON in `GANTRY_AUDIT`. */
export interface AuditEvent {
  /** Unique, time-sortable id (see `newEventId`); also the JetStream `Nats-Msg-Id`, so retries dedupe. */
  id: string;
  /** When the change happened (ISO 8601, UTC), not when it reached the stream. */
  time: string;
  /** Who did it: the NATS user, the admin token's name, or `node:<id>` for a node's own events. */
  actor: string;
  /** Host name of the process that wrote the event. */
  sourceHost: string;
  kind: AuditKind;
  /** What was changed: a config KV key, a switch name, `name@version` of a plugin, a node id. */
  key: string;
  /** The value before the change (absent for creations). */
  old?: unknown;
  /** The value after the change (absent for deletions). */
  new?: unknown;
  /** Why: the refusal reason, the operator's comment. */
  reason?: string;
  /** The config revision concerned, when there is one. */
  revision?: number;
  /** The node concerned, for events about one node. */
  node?: string;
}

/** What a caller gives to record an event; id, time and sourceHost are filled in when absent. */
export type AuditEventInput = Omit<AuditEvent, 'id' | 'time' | 'sourceHost'> &
  Partial<Pick<AuditEvent, 'id' | 'time' | 'sourceHost'>>;

/** Stands in for an `old`/`new` value too large to store whole. */
export interface TruncatedValue {
  truncated: true;
  /** Size of the value's JSON, in bytes. */
  bytes: number;
  /** sha256 of the value's JSON, hex; lets an operator match it against a stored revision. */
  sha256: string;
}

/** Completes an input into an event (id, time now, this host). */
export function createAuditEvent(input: AuditEventInput, sourceHost: string = hostname()): AuditEvent {
  return {
    ...input,
    id: input.id ?? newEventId(),
    time: input.time ?? new Date().toISOString(),
    sourceHost: input.sourceHost ?? sourceHost,
  };
}

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** The subject an event of `kind` is published on: `<prefix>.<kind>`; dots in the kind make tokens. */
export function auditSubject(prefix: string, kind: string): string {
  if (!kind.split('.').every((token) => TOKEN.test(token))) {
    throw new TypeError(`audit kind "${kind}" is not a dotted list of [A-Za-z0-9_-] tokens`);
  }
  return `${prefix}.${kind}`;
}

function truncatedValue(json: string): TruncatedValue {
  return { truncated: true, bytes: Buffer.byteLength(json), sha256: createHash('sha256').update(json).digest('hex') };
}

/** An event with its JSON text, as queued and sent. */
export interface EncodedAuditEvent {
  event: AuditEvent;
  json: string;
  /** True when `old`/`new` were replaced by {@link TruncatedValue}s. */
  truncated: boolean;
}

/**
 * Encodes an event, replacing `old`/`new` by a {@link TruncatedValue} when the whole would exceed
 * `maxBytes`. Why: a whole config document can exceed the server's max payload, and a message the
 * stream can never accept would block every later event behind it; who-changed-what still lands.
 */
export function encodeAuditEvent(event: AuditEvent, maxBytes: number): EncodedAuditEvent {
  const json = JSON.stringify(event);
  if (Buffer.byteLength(json) <= maxBytes) return { event, json, truncated: false };
  const bounded: AuditEvent = { ...event };
  if (event.old !== undefined) bounded.old = truncatedValue(JSON.stringify(event.old));
  if (event.new !== undefined) bounded.new = truncatedValue(JSON.stringify(event.new));
  if (bounded.reason !== undefined && bounded.reason.length > 1024) bounded.reason = `${bounded.reason.slice(0, 1024)}…`;
  return { event: bounded, json: JSON.stringify(bounded), truncated: true };
}

/**
 * Reads an event back from JSON text; null when the text is not an audit event (a foreign message on
 * the subjects, a torn spool line). Kinds this version does not know are accepted: a newer writer may
 * add rows, and a reader should still show them.
 */
export function decodeAuditEvent(text: string): AuditEvent | null {
  const value = parseJsonRecord(text);
  if (value === null) return null;
  const { id, time, actor, sourceHost, kind, key } = value;
  const strings = [id, time, actor, sourceHost, kind, key];
  if (!strings.every((field) => typeof field === 'string')) return null;
  if (value.revision !== undefined && typeof value.revision !== 'number') return null;
  return value as unknown as AuditEvent;
}
