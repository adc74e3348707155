/**
 * The audit events of the switch plane (kinds `switch.set`, `switch.delete`, `switch.refused`; see
 * bus/audit/README.md). `key` is the value's address as people read it,
 * `gantry.api.offline@api:shop/get-item`; `old`/`new` are the values themselves.
 */
import type { AuditEventInput } from '../audit/audit-event.js';
import { formatSwitchAddress } from '../../core/switches/switch-scope.js';
import type { SwitchRecord, SwitchWriteResult } from './write-switch.js';
import type { SwitchRefusal } from './nats-switch-source-options.js';
import { describeSwitchKey } from './switch-keys.js';

/** `switch.set`: who set which value, old → new, why; `revision` is the bucket revision written. */
export function switchSetAuditEvent(result: SwitchWriteResult): AuditEventInput {
  const { record, previous } = result;
  return {
    kind: 'switch.set',
    actor: record.stored.actor,
    key: formatSwitchAddress(record.address),
    ...(previous === undefined ? {} : { old: previous.stored.value }),
    new: record.stored.value,
    reason: record.stored.reason,
    revision: record.revision,
  };
}

/** `switch.delete`: who removed which value, and what it was. */
export function switchDeleteAuditEvent(previous: SwitchRecord, meta: { actor: string; reason: string }): AuditEventInput {
  return { kind: 'switch.delete', actor: meta.actor, key: formatSwitchAddress(previous.address), old: previous.stored.value, reason: meta.reason, revision: previous.revision };
}

/**
 * `switch.refused`, written by the node about itself: the value it refused (`new`), the one it
 * kept (`old`), and why — the reason names the switch, the scope and the rule, and who wrote it.
 */
export function switchRefusedAuditEvent(refusal: SwitchRefusal, nodeId: string): AuditEventInput {
  const writer = refusal.actor === '' ? '' : ` (written by ${refusal.actor})`;
  return {
    kind: 'switch.refused',
    actor: `node:${nodeId}`,
    node: nodeId,
    key: refusal.address === undefined ? describeSwitchKey(refusal.key) : formatSwitchAddress(refusal.address),
    ...(refusal.kept === undefined ? {} : { old: refusal.kept }),
    ...(refusal.value === undefined ? {} : { new: refusal.value }),
    reason: `${refusal.error.message}${writer}`,
    revision: refusal.revision,
  };
}
