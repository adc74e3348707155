/**
 * File mode, primary side: the primary alone watches the config file, checks each new document
 * once (schema, meaning, a full compile with the node's plugins, as a worker will), numbers it, and
 * sends the same document with the same revision to every worker. Workers never watch the file, so
 * they cannot disagree on which version of it they read; a restarted worker gets the current one.
 */
import { createHash } from 'node:crypto';
import { FileConfigSource } from '../../core/gateway/file-config-source.js';
import type { ConfigIssue } from '../../core/config/config-issue.js';
import type { ConfigCandidate } from '../../core/gateway/config-source.js';
import { checkConfigDocument } from '../../core/snapshot/check-config.js';
import type { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';
import type { ConfigMessage } from './messages.js';

/** What the feed tells the primary. */
export interface FileConfigFeedEvents {
  /** A new document passed the check: send it to every worker. */
  accepted(message: ConfigMessage): void;
  /** A document was refused; the workers keep serving the current one. */
  refused(origin: string, issues: readonly ConfigIssue[]): void;
}

export class FileConfigFeed {
  private readonly source: FileConfigSource;
  private revision = 0;
  private latest: ConfigMessage | undefined;
  private latestHash = '';

  constructor(path: string, private readonly catalog: PluginCatalog, private readonly events: FileConfigFeedEvents) {
    this.source = new FileConfigSource(path);
  }

  /** The document every worker should serve; undefined before the first one passed. */
  get current(): ConfigMessage | undefined {
    return this.latest;
  }

  /** Reads and checks the file, then follows it; resolves with the first outcome (refused: do not start). */
  start(): Promise<ApplyOutcome> {
    return this.source.start((candidate) => this.offer(candidate));
  }

  close(): Promise<void> {
    return this.source.close();
  }

  private async offer(candidate: ConfigCandidate): Promise<ApplyOutcome> {
    const started = performance.now();
    const refuse = (issues: readonly ConfigIssue[]): ApplyOutcome => {
      this.events.refused(candidate.origin, issues);
      return { kind: 'refused', origin: candidate.origin, issues, keptRevision: this.revision, durationMs: performance.now() - started };
    };
    if ('issues' in candidate) return refuse(candidate.issues);
    const check = await checkConfigDocument(candidate.document, this.catalog);
    if (!check.ok) return refuse(check.issues);
    // The file source skips identical text; this skips a reformatted file with the same content.
    const hash = createHash('sha256').update(JSON.stringify(candidate.document)).digest('hex');
    if (hash === this.latestHash) return { kind: 'unchanged', origin: candidate.origin, revision: this.revision, hash };
    this.revision += 1;
    this.latestHash = hash;
    this.latest = { type: 'gantry:config', origin: candidate.origin, document: candidate.document, revision: this.revision };
    this.events.accepted(this.latest);
    return { kind: 'applied', origin: candidate.origin, revision: this.revision, hash, summary: check.summary, durationMs: performance.now() - started };
  }
}
