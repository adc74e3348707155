/**
 * Audit events of the registry: `plugin.upload` and `plugin.yank` (operators), `plugin.loaded` and
 * `plugin.refused` (nodes). The key is always `name@version`.
 */
import type { AuditEventInput } from '../audit/audit-event.js';
import type { PluginRelease } from './plugin-release.js';

type PluginAuditKind = 'plugin.upload' | 'plugin.yank' | 'plugin.loaded' | 'plugin.refused';

/** What an event says about the release. */
function releaseSummary(release: PluginRelease): Record<string, unknown> {
  return { name: release.name, version: release.version, kind: release.kind, sha256: release.sha256, signer: release.signer, size: release.size };
}

/** The audit event of `kind` about `release`; `node` for a node's own events. */
export function pluginAuditEvent(kind: PluginAuditKind, release: PluginRelease, by: { actor: string; reason?: string; node?: string }): AuditEventInput {
  const key = `${release.name}@${release.version}`;
  const event: AuditEventInput = { kind, actor: by.actor, key, ...(by.node === undefined ? {} : { node: by.node }), ...(by.reason === undefined ? {} : { reason: by.reason }) };
  switch (kind) {
    case 'plugin.upload':
      return { ...event, new: { ...releaseSummary(release), manifest: release.manifestText } };
    case 'plugin.yank':
      return { ...event, old: { yanked: false }, new: { yanked: true, sha256: release.sha256 } };
    case 'plugin.loaded':
    case 'plugin.refused':
      return { ...event, new: releaseSummary(release) };
  }
}
