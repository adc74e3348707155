/**
 * Writing and reading switch values in the bucket. Every write is validated first with the one
 * validator the nodes use, and is a compare-and-set on the key's last revision, so the old value a
 * write reports (for the audit event) is exactly the one it replaced.
 */
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import type { SwitchDefinition } from '../../core/switches/switch-definition.js';
import { SwitchError } from '../../core/switches/switch-error.js';
import type { SwitchAddress, SwitchPlacement } from '../../core/switches/switch-scope.js';
import { validateSwitchSetting } from '../../core/switches/validate-switch-value.js';
import { switchKey, parseSwitchKey } from './switch-keys.js';
import { decodeStoredSwitch, encodeStoredSwitch, type StoredSwitch } from './stored-switch.js';

/** Who writes, and why. */
export interface SwitchWriteMeta {
  readonly actor: string;
  readonly reason: string;
  /** When; now unless given. */
  readonly time?: string;
}

/** One value as the bucket holds it. */
export interface SwitchRecord {
  readonly key: string;
  readonly revision: number;
  readonly address: SwitchAddress;
  readonly stored: StoredSwitch;
}

/** What a write did: the record written and the one it replaced (absent for a first value). */
export interface SwitchWriteResult {
  readonly record: SwitchRecord;
  readonly previous: SwitchRecord | undefined;
}

/** An entry of the bucket as `readSwitches` finds it: readable, or not (with the reason). */
export type SwitchBucketEntry =
  | ({ readonly ok: true } & SwitchRecord)
  | { readonly ok: false; readonly key: string; readonly revision: number; readonly error: SwitchError };

const CAS_ATTEMPTS = 5;

function isWrongLastSequence(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

/** The live record of a KV entry; undefined for a deletion or a value that cannot be read. */
function liveRecord(entry: KvEntry | null, address: SwitchAddress): SwitchRecord | undefined {
  if (entry === null || entry.operation !== 'PUT') return undefined;
  try {
    return { key: entry.key, revision: entry.revision, address, stored: decodeStoredSwitch(entry.value, entry.key) };
  } catch {
    return undefined;
  }
}

/**
 * Validates and writes one switch value. Throws a SwitchError naming the switch, the scope and the
 * reason when the definition refuses it (nothing is written then).
 */
export async function writeSwitch(kv: KV, definition: SwitchDefinition, placement: SwitchPlacement, value: unknown, meta: SwitchWriteMeta): Promise<SwitchWriteResult> {
  const checked = validateSwitchSetting(definition, placement, value);
  if (!checked.ok) throw checked.error;
  const address: SwitchAddress = { ...placement, name: definition.name };
  const key = switchKey(address);
  const stored: StoredSwitch = { value: checked.value, actor: meta.actor, reason: meta.reason, time: meta.time ?? new Date().toISOString() };
  for (let attempt = 1; ; attempt++) {
    const current = await kv.get(key);
    try {
      // previousSeq: the key's last revision, a deletion marker included; 0 = never written.
      const revision = await kv.put(key, encodeStoredSwitch(stored), { previousSeq: current?.revision ?? 0 });
      return { record: { key, revision, address, stored }, previous: liveRecord(current, address) };
    } catch (error) {
      // Another writer got in between our read and our write: read again, so `previous` is true.
      if (!isWrongLastSequence(error) || attempt >= CAS_ATTEMPTS) throw error;
    }
  }
}

/** Removes the value at `address` (any address, so stray values can be cleaned up); resolves with what it held. */
export async function deleteSwitch(kv: KV, address: SwitchAddress): Promise<SwitchRecord | undefined> {
  const key = switchKey(address);
  const previous = liveRecord(await kv.get(key), address);
  if (previous !== undefined) await kv.delete(key);
  return previous;
}

/** The value at exactly `address`, if one is set and readable. */
export async function readSwitch(kv: KV, address: SwitchAddress): Promise<SwitchRecord | undefined> {
  return liveRecord(await kv.get(switchKey(address)), address);
}

/** Every value in the bucket, ordered by key; entries that cannot be read say why. */
export async function readSwitches(kv: KV): Promise<SwitchBucketEntry[]> {
  const keys: string[] = [];
  for await (const key of await kv.keys()) keys.push(key);
  keys.sort();
  const entries: SwitchBucketEntry[] = [];
  for (const key of keys) {
    const entry = await kv.get(key);
    if (entry === null || entry.operation !== 'PUT') continue;
    try {
      entries.push({ ok: true, key, revision: entry.revision, address: parseSwitchKey(key), stored: decodeStoredSwitch(entry.value, key) });
    } catch (error) {
      if (!(error instanceof SwitchError)) throw error;
      entries.push({ ok: false, key, revision: entry.revision, error });
    }
  }
  return entries;
}
