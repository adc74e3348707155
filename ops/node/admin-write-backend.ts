/**
 * The admin port's fleet writes on a NATS node: the same bus writers as the CLI's `apply`,
 * `rollback` and `switch set` (writeChangeSet, readCommittedState, writeSwitch), with the admin
 * token's name as the actor. Refusals the caller can fix become {@link AdminWriteRefusedError}s
 * (404 unknown revision or switch, 409 a concurrent commit, 400 an invalid document); anything else
 * (NATS down, no permission) is left to the route, which answers 503.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AuditEventInput } from '../../bus/audit/audit-event.js';
import { ensureConfigBucket } from '../../bus/config/config-bucket.js';
import { readCommittedState } from '../../bus/config/committed-state.js';
import { ConfigPlaneError, isCommitConflict } from '../../bus/config/config-plane-error.js';
import { writeChangeSet, type ChangeSetResult } from '../../bus/config/write-change-set.js';
import { ensureSwitchBucket } from '../../bus/switches/switch-bucket.js';
import { switchSetAuditEvent } from '../../bus/switches/switch-audit.js';
import { writeSwitch } from '../../bus/switches/write-switch.js';
import { AdminWriteRefusedError, type AdminWriteBackend, type AdminWriteKind, type AdminWriteMeta } from '../../core/server/admin-write-routes.js';
import type { SwitchCatalog } from '../../core/switches/switch-catalog.js';
import { parseSwitchScope } from '../../core/switches/switch-scope.js';

/** Where the backend writes and how it reaches NATS. */
export interface NatsAdminWriteBackendOptions {
  /** The connection to write with; it must be allowed to write both buckets. */
  readonly connection: () => Promise<NatsConnection>;
  /** Config KV bucket. */
  readonly bucket: string;
  /** Switch KV bucket. */
  readonly switchBucket: string;
  /** The switch definitions this node knows (a switch it does not know cannot be written here). */
  readonly switches: SwitchCatalog;
  /** Takes the audit events the writers produce themselves (`switch.set`, with the bucket revision). */
  readonly audit: (event: AuditEventInput) => void;
}

/**
 * Kinds whose successful writes the backend audits itself (the route's report of them would be a
 * duplicate); the node's audit sink skips those.
 */
export const selfAuditedAdminKinds: ReadonlySet<AdminWriteKind> = new Set(['switch.set']);

/** A {@link AdminWriteBackend} over the config and switch buckets. */
export class NatsAdminWriteBackend implements AdminWriteBackend {
  constructor(private readonly options: NatsAdminWriteBackendOptions) {}

  async apply(document: unknown, meta: AdminWriteMeta): Promise<{ revision: number; changed: { added: string[]; changed: string[]; removed: string[] } }> {
    const result = await this.commit(document, meta, 'apply');
    const { added, changed, removed } = result.changed;
    return { revision: result.revision, changed: { added: [...added], changed: [...changed], removed: [...removed] } };
  }

  async rollback(toRevision: number, meta: AdminWriteMeta): Promise<{ revision: number }> {
    const kv = await this.configBucket();
    let target;
    try {
      target = await readCommittedState(kv, { revision: toRevision });
    } catch (error) {
      // The commit exists but a value it names left the bucket's history: it cannot be restored.
      if (error instanceof ConfigPlaneError) throw new AdminWriteRefusedError(404, 'revision-unavailable', `revision ${toRevision} cannot be restored: ${error.message}`);
      throw error;
    }
    if (target === undefined) throw new AdminWriteRefusedError(404, 'unknown-revision', `revision ${toRevision} is not a committed config in bucket "${this.options.bucket}"`);
    const result = await this.commit(target.document, meta, 'rollback');
    return { revision: result.revision };
  }

  async setSwitch(name: string, value: unknown, scope: string, meta: AdminWriteMeta): Promise<{ old: unknown; new: unknown }> {
    const definition = this.options.switches.get(name);
    if (definition === undefined) throw new AdminWriteRefusedError(404, 'unknown-switch', `no switch "${name}" is defined on this node (built-ins and its plugins' switches)`);
    const kv = await this.switchBucket();
    // A SwitchError (value, scope or plugin rule) goes up as is: the route answers it 400.
    const result = await writeSwitch(kv, definition, { scope: parseSwitchScope(scope) }, value, { actor: meta.actor, reason: meta.reason });
    this.options.audit(switchSetAuditEvent(result));
    return { old: result.previous?.stored.value, new: result.record.stored.value };
  }

  private async commit(document: unknown, meta: AdminWriteMeta, kind: 'apply' | 'rollback'): Promise<ChangeSetResult> {
    const kv = await this.configBucket();
    try {
      return await writeChangeSet(kv, document, { actor: meta.actor, reason: meta.reason, kind });
    } catch (error) {
      if (isCommitConflict(error)) throw new AdminWriteRefusedError(409, 'commit-conflict', error.message);
      if (error instanceof ConfigPlaneError && error.code === 'invalid-config') throw new AdminWriteRefusedError(400, 'invalid-config', error.message, error.issues);
      throw error;
    }
  }

  // Created when missing, as the CLI's writers do: the first apply of a fresh fleet may come from here.
  private async configBucket(): Promise<KV> {
    return ensureConfigBucket(await this.options.connection(), this.options.bucket);
  }

  private async switchBucket(): Promise<KV> {
    return ensureSwitchBucket(await this.options.connection(), this.options.switchBucket);
  }
}
