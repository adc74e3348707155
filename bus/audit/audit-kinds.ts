/**
 * The audit kind table: every kind of event Gantry writes to the `GANTRY_AUDIT` stream, with what it
 * means and who writes it. A kind is also the tail of the event's subject (`gantry.audit.<kind>`, its
 * dots becoming subject tokens), so readers can filter with subject wildcards (`config.*`, `plugin.>`).
 * A test keeps this table and bus/audit/README.md in step. Retired kinds are never reused.
 */

/** Who writes events of a kind: an operator (CLI, admin API) or a gateway node about itself. */
export type AuditWriter = 'operator' | 'node';

/** One row of the table. */
export interface AuditKindEntry {
  readonly writer: AuditWriter;
  /** What happened; the meaning of `key`, `old`, `new` for this kind. */
  readonly memo: string;
}

/** Every audit kind. Keys are the kind strings. */
export const AuditKinds = {
  'config.apply': { writer: 'operator',
    memo: 'An operator wrote a config entry; key is the KV key, old/new the entry before and after.' },
  'config.delete': { writer: 'operator',
    memo: 'An operator deleted a config entry; key is the KV key, old the deleted entry.' },
  'config.rollback': { writer: 'operator',
    memo: 'An operator restored an earlier revision of a config entry; revision is the one restored.' },
  'config.applied': { writer: 'node',
    memo: 'A node compiled and swapped in a config revision; node and revision say which.' },
  'config.refused': { writer: 'node',
    memo: 'A node refused a config revision and kept serving the last good one; reason names the field.' },
  'switch.set': { writer: 'operator',
    memo: 'An operator set a dynamic switch; key is the switch, old/new its values.' },
  'switch.delete': { writer: 'operator',
    memo: 'An operator removed a dynamic switch; old is its last value.' },
  'switch.refused': { writer: 'node',
    memo: 'A node refused a switch value (failed validation) and kept the previous one; reason says why.' },
  'plugin.upload': { writer: 'operator',
    memo: 'An operator stored a plugin binary and manifest; key is name@version, new the manifest.' },
  'plugin.yank': { writer: 'operator',
    memo: 'An operator yanked a stored plugin version: ranges no longer pick it; key is name@version.' },
  'plugin.delete': { writer: 'operator',
    memo: 'An operator removed a stored plugin; key is name@version.' },
  'plugin.loaded': { writer: 'node',
    memo: 'A node loaded a plugin; key is name@version, new carries its sha256.' },
  'plugin.refused': { writer: 'node',
    memo: 'A node refused to load a plugin (bad manifest, digest mismatch, compile error); reason says why.' },
  'plugin.breaker': { writer: 'node',
    memo: 'A plugin\'s own breaker on a node opened (repeated traps, timeouts, memory faults) or closed again; key is name@version, new the state.' },
  'node.command': { writer: 'operator',
    memo: 'An operator sent a command to a node (drain, set-log-level); key is the node id, new the command.' },
  'admin.refused': { writer: 'operator',
    memo: 'A node refused an admin-port write (token, validation, conflict); key is config or the switch, new the attempt.' },
} as const satisfies Record<string, AuditKindEntry>;

/** The kind of an audit event: one of the keys of {@link AuditKinds}. */
export type AuditKind = keyof typeof AuditKinds;

/** Every kind, in table order. */
export const auditKindList: readonly AuditKind[] = Object.keys(AuditKinds) as AuditKind[];

/** True when `value` names a row of the table. */
export function isAuditKind(value: unknown): value is AuditKind {
  return typeof value === 'string' && Object.hasOwn(AuditKinds, value);
}
