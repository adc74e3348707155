import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseConfigText } from '../config/parse-config-text.js';
import type { ApplyOutcome } from '../snapshot/snapshot-manager.js';
import type { ConfigSource, DeliverConfig } from './config-source.js';

/** How long file events must be quiet before the file is re-read (editors write in bursts). */
const SETTLE_MS = 100;

/**
 * The standalone config source: one YAML (or JSON) file, re-read when it changes. The directory is
 * watched rather than the file, so editors that save by renaming a new file over the old one (and
 * `kubectl`-style symlink swaps) are seen too.
 */
export class FileConfigSource implements ConfigSource {
  readonly name = 'file';
  private readonly path: string;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;
  private closed = false;

  constructor(path: string) {
    this.path = resolve(path);
  }

  async start(deliver: DeliverConfig): Promise<ApplyOutcome> {
    const first = (await this.read(deliver)) as ApplyOutcome;
    const file = basename(this.path);
    this.watcher = watch(dirname(this.path), (_event, name) => {
      if (name !== null && name !== file) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.read(deliver).catch(() => undefined), SETTLE_MS);
    });
    // An FSWatcher without an 'error' listener would take the process down with it.
    this.watcher.on('error', (error) => {
      void deliver({ origin: basename(this.path), issues: [{ path: '', message: `stopped watching ${dirname(this.path)}: ${error.message}` }] }).catch(() => undefined);
    });
    return first;
  }

  /**
   * Reads and offers the file; an unreadable or unparsable file is refused like an invalid one.
   * Resolves undefined when the text did not change since the last read (nothing offered).
   */
  private async read(deliver: DeliverConfig): Promise<ApplyOutcome | undefined> {
    const origin = basename(this.path);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (this.closed) return undefined;
      const reason = error instanceof Error ? error.message : String(error);
      return deliver({ origin, issues: [{ path: '', message: `cannot read ${this.path}: ${reason}` }] });
    }
    // A read that finishes after close must not hand a config to a node that is shutting down.
    if (this.closed || text === this.lastText) return undefined;
    this.lastText = text;
    const parsed = parseConfigText(text, origin);
    if (!parsed.ok) return deliver({ origin, issues: parsed.issues });
    return deliver({ origin, document: parsed.document });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
