/**
 * The node's copy of the releases it verified and runs, in `<data dir>/plugins/releases/`: one
 * `<name>@<version>.module` (the bytes as published) and one `<name>@<version>.json` (the release
 * metadata, signature included), written in that order, so a JSON file means a complete entry.
 * A node that starts while NATS is down loads the plugins of its last-good config from here, after
 * verifying them again against the keys it trusts now (a file changed on disk is refused like a
 * tampered release). Entries the live snapshot no longer runs are removed.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginRelease } from '../../bus/plugins/plugin-release.js';

const STRING_FIELDS = ['name', 'version', 'kind', 'manifestText', 'sha256', 'signature', 'signer', 'publishedBy', 'publishedAt'] as const;

function isRelease(value: unknown): value is PluginRelease {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return STRING_FIELDS.every((field) => typeof record[field] === 'string') && typeof record.yanked === 'boolean' && typeof record.revision === 'number';
}

/** Releases kept on disk by a node. */
export class PluginReleaseCache {
  /** Writes and removals run one at a time, so a prune never removes an entry being saved. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private path(name: string, version: string, suffix: 'module' | 'json'): string {
    return join(this.dir, `${name}@${version}.${suffix}`);
  }

  /** Keeps a verified release; failures are the caller's to report (the node runs without the copy). */
  save(release: PluginRelease, module: Uint8Array): Promise<void> {
    return this.serial(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFile(this.path(release.name, release.version, 'module'), module, { mode: 0o600 });
      await writeFile(this.path(release.name, release.version, 'json'), JSON.stringify(release), { mode: 0o600 });
    });
  }

  /** Every complete entry's release metadata (unreadable ones are skipped). */
  async releases(): Promise<PluginRelease[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const found: PluginRelease[] = [];
    for (const file of names.filter((n) => n.endsWith('.json'))) {
      try {
        const value: unknown = JSON.parse(await readFile(join(this.dir, file), 'utf8'));
        if (isRelease(value)) found.push(value);
      } catch {
        // A torn or foreign file: not an entry.
      }
    }
    return found;
  }

  /** The module of a kept release, or undefined. */
  async module(name: string, version: string): Promise<Uint8Array | undefined> {
    return readFile(this.path(name, version, 'module')).then((bytes) => new Uint8Array(bytes), () => undefined);
  }

  /** Removes every entry whose `name@version` is not in `keep`. */
  retain(keep: ReadonlySet<string>): Promise<void> {
    return this.serial(async () => {
      for (const release of await this.releases()) {
        if (keep.has(`${release.name}@${release.version}`)) continue;
        await rm(this.path(release.name, release.version, 'json'), { force: true });
        await rm(this.path(release.name, release.version, 'module'), { force: true });
      }
    });
  }
}
