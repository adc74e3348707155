/**
 * The audit events a node writes about its own config: `config.applied` for every config it
 * serves (or already served in equal content), `config.refused` for every one it refused, with the
 * reason naming the field. The revision is the bus commit revision the candidate carried.
 */
import type { AuditEventInput } from '../../bus/audit/audit-event.js';
import type { ConfigCandidate } from '../../core/gateway/config-source.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';
import { candidateRevision, issueText } from './node-status-tracker.js';

/** The event recording what node `nodeId` did with `candidate`. */
export function auditEventOfDelivery(nodeId: string, candidate: ConfigCandidate, outcome: ApplyOutcome): AuditEventInput {
  const base = { actor: `node:${nodeId}`, node: nodeId, key: outcome.origin };
  switch (outcome.kind) {
    case 'applied':
      return {
        ...base,
        kind: 'config.applied',
        revision: outcome.revision,
        new: { origin: outcome.origin, hash: outcome.hash, summary: { ...outcome.summary }, durationMs: Math.round(outcome.durationMs) },
      };
    case 'unchanged': {
      const revision = candidateRevision(candidate) ?? outcome.revision;
      return { ...base, kind: 'config.applied', revision, new: { origin: outcome.origin, hash: outcome.hash, unchanged: true } };
    }
    case 'refused': {
      const revision = candidateRevision(candidate);
      const event: AuditEventInput = {
        ...base,
        kind: 'config.refused',
        reason: outcome.issues.map(issueText).join('; ') || 'refused without a reason',
        old: { revision: outcome.keptRevision },
        new: { origin: outcome.origin, issues: outcome.issues.map((issue) => ({ ...issue })) },
      };
      return revision === undefined ? event : { ...event, revision };
    }
  }
}
