import type { ConfigIssue } from '../config/config-issue.js';
import { validateConfig } from '../config/validate-config.js';
import type { SnapshotHolder } from '../pipeline/serving-snapshot.js';
import { compileRouter } from '../router/index.js';
import { compileSnapshot, type CompileContext } from './compile-snapshot.js';
import { Snapshot, type SnapshotSummary } from './snapshot.js';

/** The result of offering a config document to the node. */
export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly origin: string; readonly revision: number; readonly hash: string; readonly summary: SnapshotSummary; readonly durationMs: number; readonly pluginWarnings?: readonly ConfigIssue[] }
  | { readonly kind: 'unchanged'; readonly origin: string; readonly revision: number; readonly hash: string }
  | { readonly kind: 'refused'; readonly origin: string; readonly issues: readonly ConfigIssue[]; readonly keptRevision: number; readonly durationMs: number };

/** Told of every apply outcome (config log, metrics, node status). */
export type OutcomeListener = (outcome: ApplyOutcome) => void;

/** Before the first config arrives every call is answered 3001: there is no group yet. */
function emptySnapshot(): Snapshot {
  const summary = { groups: 0, apis: 0, clusters: 0, bindings: 0 };
  return new Snapshot(0, '-', null, compileRouter([], []), new Map(), new Map(), summary, 0, null);
}

/**
 * Owns the live snapshot. Documents are validated and compiled one at a time, off the hot path;
 * a good one replaces the current snapshot in one assignment, a bad one is refused and the
 * current snapshot keeps serving. Replaced snapshots close their resources once their calls end.
 */
export class SnapshotManager implements SnapshotHolder {
  private live: Snapshot = emptySnapshot();
  private queue: Promise<unknown> = Promise.resolve();
  private nextRevision = 1;
  private readonly listeners = new Set<OutcomeListener>();

  constructor(private readonly context: CompileContext) {}

  /** Subscribes to outcomes; returns the unsubscribe function. */
  onOutcome(listener: OutcomeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get current(): Snapshot {
    return this.live;
  }

  /** True once a config has been applied (readiness). */
  get ready(): boolean {
    return this.live.revision > 0;
  }

  /**
   * Offers a document; resolves with what happened. `revision` may be given by the source (e.g. a
   * KV revision); otherwise revisions count up from 1 per applied document.
   */
  apply(document: unknown, origin: string, revision?: number): Promise<ApplyOutcome> {
    const run = this.queue.then(() => this.applyNow(document, origin, revision));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Compiles the live config again, keeping its revision: the plugin registry loaded or yanked a
   * version a binding's range picks. Resolves `unchanged` when the versions resolved are the same.
   */
  recompile(origin: string): Promise<ApplyOutcome> {
    const run = this.queue.then(() => {
      const live = this.live;
      if (live.config === null) return this.publish({ kind: 'unchanged', origin, revision: live.revision, hash: live.hash });
      return this.applyNow(live.config, origin, live.revision);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Records a candidate the source could not even parse, like any refused config. */
  refuse(origin: string, issues: readonly ConfigIssue[]): Promise<ApplyOutcome> {
    const run = this.queue.then(() => this.refuseNow(origin, issues, performance.now()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(document: unknown, origin: string, revision?: number): Promise<ApplyOutcome> {
    const started = performance.now();
    const validated = validateConfig(document);
    if (!validated.ok) return this.refuseNow(origin, validated.issues, started);
    const next = revision ?? this.nextRevision;
    const compiled = await compileSnapshot(validated.config, next, { ...this.context, previous: this.live.plugins.links });
    if (!compiled.ok) return this.refuseNow(origin, compiled.issues, started);
    const snapshot = compiled.snapshot;
    // Same config running other plugin versions (a hot swap) is a new snapshot, not `unchanged`.
    if (snapshot.hash === this.live.hash && snapshot.plugins.fingerprint === this.live.plugins.fingerprint) {
      // Same content: keep the live snapshot (and its revision); drop the duplicate's references.
      snapshot.retire();
      return this.publish({ kind: 'unchanged', origin, revision: this.live.revision, hash: snapshot.hash });
    }
    const previous = this.live;
    this.live = snapshot;
    this.nextRevision = Math.max(this.nextRevision, next) + 1;
    previous.retire();
    const pluginWarnings = snapshot.plugins.warnings;
    return this.publish({ kind: 'applied', origin, revision: next, hash: snapshot.hash, summary: snapshot.summary, durationMs: performance.now() - started, ...(pluginWarnings.length === 0 ? {} : { pluginWarnings }) });
  }

  private refuseNow(origin: string, issues: readonly ConfigIssue[], started: number): ApplyOutcome {
    return this.publish({ kind: 'refused', origin, issues, keptRevision: this.live.revision, durationMs: performance.now() - started });
  }

  private publish(outcome: ApplyOutcome): ApplyOutcome {
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }

  /** Retires the live snapshot (shutdown): resources close once the last call has left. */
  close(): Promise<void> {
    return this.queue.then(() => {
      const last = this.live;
      this.live = emptySnapshot();
      last.retire();
    });
  }
}
