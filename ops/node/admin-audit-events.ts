/**
 * What a node writes to the audit stream about an admin-port write attempt: a done write as its own
 * kind (`config.apply`, `config.rollback`, `switch.set`), a refused or failed one as
 * `admin.refused`, a dry run nothing (nothing changed).
 */
import type { AuditEventInput } from '../../bus/audit/audit-event.js';
import type { AdminAuditEvent, AdminWriteKind } from '../../core/server/admin-write-routes.js';

/**
 * The audit event for `event`, or undefined when none is due: a dry run, or a done write of a kind
 * in `selfAudited` (its writer already published a fuller event).
 */
export function adminAuditEventInput(event: AdminAuditEvent, nodeId: string, selfAudited: ReadonlySet<AdminWriteKind>): AuditEventInput | undefined {
  if (event.outcome === 'dry-run') return undefined;
  const common = { actor: event.actor, key: event.key, node: nodeId, time: event.time, ...(event.revision === undefined ? {} : { revision: event.revision }) };
  if (event.outcome === 'done') {
    if (selfAudited.has(event.kind)) return undefined;
    return { ...common, kind: event.kind, ...(event.reason === undefined ? {} : { reason: event.reason }), ...(event.old === undefined ? {} : { old: event.old }), ...(event.new === undefined ? {} : { new: event.new }) };
  }
  const why = event.detail ?? event.outcome;
  return {
    ...common,
    kind: 'admin.refused',
    reason: event.reason === undefined ? why : `${why} (reason given: ${event.reason})`,
    new: { write: event.kind, outcome: event.outcome, status: event.status, remoteAddress: event.remoteAddress, ...(event.new === undefined ? {} : { value: event.new }) },
  };
}
