/**
 * What a node says about itself on the bus (heartbeats, pings, the `status` command), built from
 * what its config source delivered and the live snapshot.
 */
import type { NodeState, NodeStatusReport, PluginStatus, RefusedRevision } from '../../bus/status/node-status.js';
import type { ConfigIssue } from '../../core/config/config-issue.js';
import type { ConfigCandidate } from '../../core/gateway/config-source.js';
import type { Snapshot } from '../../core/snapshot/snapshot.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';

/** The parts of the running node a status is read from. */
export interface NodeView {
  readonly draining: boolean;
  /** True while the config served is the last-good copy (the source's `stale`). */
  readonly stale: boolean;
  /** The live snapshot; undefined before the gateway exists. */
  readonly snapshot: Snapshot | undefined;
}

/** `path: message`, or the message alone for the document root. */
export function issueText(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** The first issue, and how many more there are: what fits in one status line. */
export function refusalReason(issues: readonly ConfigIssue[]): string {
  const [first] = issues;
  if (first === undefined) return 'refused without a reason';
  return issues.length === 1 ? issueText(first) : `${issueText(first)} (and ${issues.length - 1} more)`;
}

/** The revision a candidate claims, if it carries one. */
export function candidateRevision(candidate: ConfigCandidate): number | undefined {
  return 'revision' in candidate ? candidate.revision : undefined;
}

/**
 * Plugin versions a snapshot's chains run, once per name@version, by name, with the sha256 of the
 * module for registry plugins (built-ins have none). Every version of a gray release is listed.
 */
export function pluginsOfSnapshot(snapshot: Snapshot | undefined): PluginStatus[] {
  return (snapshot?.plugins.used ?? []).map((p) => (p.sha256 === undefined ? { name: p.name, version: p.version } : { name: p.name, version: p.version, sha256: p.sha256 }));
}

/**
 * Keeps the revision applied and the last refusal, and turns them into a status report.
 *
 * | outcome   | appliedRevision                              | refused                           |
 * |-----------|----------------------------------------------|-----------------------------------|
 * | applied   | the outcome's revision; appliedAt = now      | cleared if at or below it         |
 * | unchanged | the candidate's revision (same content, so   | cleared if at or below it         |
 * |           | the node serves that revision too)           |                                   |
 * | refused   | kept                                         | { candidate revision, reason, now }|
 */
export class NodeStatusTracker {
  private appliedRevision: number | null = null;
  private appliedAt: string | null = null;
  private lastRefusal: RefusedRevision | undefined;

  constructor(
    private readonly version: string,
    private readonly startedAtMs: number = Date.now(),
    private readonly now: () => number = Date.now,
  ) {}

  /** Records what became of one delivered candidate. */
  record(candidate: ConfigCandidate, outcome: ApplyOutcome): void {
    if (outcome.kind === 'refused') {
      const revision = candidateRevision(candidate);
      const at = new Date(this.now()).toISOString();
      this.lastRefusal = revision === undefined ? { reason: refusalReason(outcome.issues), at } : { revision, reason: refusalReason(outcome.issues), at };
      return;
    }
    const revision = outcome.kind === 'applied' ? outcome.revision : candidateRevision(candidate) ?? outcome.revision;
    this.appliedRevision = revision;
    if (outcome.kind === 'applied' || this.appliedAt === null) this.appliedAt = new Date(this.now()).toISOString();
    const refusedRevision = this.lastRefusal?.revision;
    if (this.lastRefusal !== undefined && (refusedRevision === undefined || refusedRevision <= revision)) this.lastRefusal = undefined;
  }

  /** The last refusal, if any is still newer than what the node serves. */
  get refused(): RefusedRevision | undefined {
    return this.lastRefusal;
  }

  /** The node's status now. */
  report(view: NodeView): NodeStatusReport {
    const now = this.now();
    const serving = view.snapshot !== undefined && view.snapshot.revision > 0;
    const state: NodeState = view.draining ? 'draining' : !serving ? 'starting' : view.stale ? 'stale' : 'serving';
    const report: NodeStatusReport = {
      version: this.version,
      uptimeMs: now - this.startedAtMs,
      state,
      appliedRevision: serving ? this.appliedRevision : null,
      appliedAt: serving ? this.appliedAt : null,
      snapshotAgeMs: serving && view.snapshot !== undefined ? Math.max(0, now - view.snapshot.appliedAtMs) : null,
      plugins: pluginsOfSnapshot(view.snapshot),
    };
    return this.lastRefusal === undefined ? report : { ...report, refused: { ...this.lastRefusal } };
  }
}
