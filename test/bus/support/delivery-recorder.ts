/**
 * A stand-in for a gateway node's `deliver`: validates each candidate like the snapshot manager
 * does (schema and semantics, no compile), records it, and answers applied / unchanged / refused.
 */
import type { ConfigCandidate, DeliverConfig } from '../../../core/gateway/config-source.js';
import { validateConfig } from '../../../core/config/validate-config.js';
import type { ApplyOutcome } from '../../../core/snapshot/snapshot-manager.js';
import { canonicalJson } from '../../../bus/config/config-diff.js';
import { EventLog } from './event-log.js';

/** One delivery and the outcome it got. */
export interface RecordedDelivery {
  readonly candidate: ConfigCandidate;
  readonly outcome: ApplyOutcome;
}

/** Records deliveries; `deliver` is what a config source is started with. */
export class DeliveryRecorder {
  readonly log = new EventLog<RecordedDelivery>();
  private liveHash = '-';
  private liveRevision = 0;

  readonly deliver: DeliverConfig = async (candidate) => {
    const outcome = this.outcomeOf(candidate);
    this.log.push({ candidate, outcome });
    return outcome;
  };

  /** Documents delivered so far (refusals without a document are skipped). */
  get documents(): unknown[] {
    return this.log.items.flatMap(({ candidate }) => ('document' in candidate ? [candidate.document] : []));
  }

  /** Revisions of the deliveries that carried one. */
  get revisions(): number[] {
    return this.log.items.flatMap(({ candidate }) => ('revision' in candidate && candidate.revision !== undefined ? [candidate.revision] : []));
  }

  private outcomeOf(candidate: ConfigCandidate): ApplyOutcome {
    const origin = candidate.origin;
    if ('issues' in candidate) return { kind: 'refused', origin, issues: candidate.issues, keptRevision: this.liveRevision, durationMs: 0 };
    const validated = validateConfig(candidate.document);
    if (!validated.ok) return { kind: 'refused', origin, issues: validated.issues, keptRevision: this.liveRevision, durationMs: 0 };
    const hash = canonicalJson(validated.config);
    if (hash === this.liveHash) return { kind: 'unchanged', origin, revision: this.liveRevision, hash };
    this.liveHash = hash;
    this.liveRevision = candidate.revision ?? this.liveRevision + 1;
    const summary = { groups: validated.config.groups.length, apis: validated.config.apis.length, clusters: validated.config.clusters.length, bindings: validated.config.bindings.length };
    return { kind: 'applied', origin, revision: this.liveRevision, hash, summary, durationMs: 0 };
  }
}
