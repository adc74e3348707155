/**
 * The value of one switch key: `{ "value": …, "actor": "alice", "reason": "…", "time": "…Z" }`.
 * Who set it and why travel with the value, so `gantry switch get` answers without the audit trail.
 */
import { SwitchError } from '../../core/switches/switch-error.js';

/** One stored switch value and who set it. */
export interface StoredSwitch {
  /** The value, validated by the writer; nodes validate it again against their own definitions. */
  readonly value: unknown;
  /** Who set it (NATS user or login name). */
  readonly actor: string;
  /** Why, as the operator wrote it. */
  readonly reason: string;
  /** When it was set, ISO 8601. */
  readonly time: string;
}

/** The bytes written for a stored value. */
export function encodeStoredSwitch(stored: StoredSwitch): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ value: stored.value, actor: stored.actor, reason: stored.reason, time: stored.time }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a stored value; throws a SwitchError (`invalid-entry`) for anything that is not a JSON
 * object with a `value`. Missing metadata reads as '' (a hand-written `{ "value": true }` is fine).
 */
export function decodeStoredSwitch(bytes: Uint8Array, key: string): StoredSwitch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SwitchError('invalid-entry', '', '', `value of "${key}" is not JSON`);
  }
  if (!isRecord(parsed) || !('value' in parsed)) throw new SwitchError('invalid-entry', '', '', `value of "${key}" is not an object with a "value"`);
  const text = (field: unknown): string => (typeof field === 'string' ? field : '');
  return { value: parsed.value, actor: text(parsed.actor), reason: text(parsed.reason), time: text(parsed.time) };
}
