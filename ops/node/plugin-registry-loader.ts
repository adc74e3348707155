/**
 * The node's side of the plugin registry. It keeps an index of the releases in the bucket (a list
 * at attach, then a watch), and loads into the node's `PluginCatalog` the versions the config's
 * bindings need — when a config is compiled (the catalog's preparer), so binding a new version
 * never serves a call without it — and, when the index changes (a version published into a bound
 * range, or yanked), it asks for the live config to be compiled again: that is the hot swap.
 *
 * Loading a release: fetch it, verify it (signature by a trusted key, sha256, see
 * `bus/plugins/verify-plugin-release.ts`), parse its manifest, then load it — `loadWasmPlugin` for
 * WASM, an import of the module written under `dir` for TypeScript — and register it. Every load is
 * audited (`plugin.loaded`), every refusal too (`plugin.refused`, once per release), and a refused
 * release is refused alone: the catalog is told the plugin has a problem, so bindings to it keep
 * their previous version or follow their failure policy while the rest of the config applies.
 */
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AuditEventInput } from '../../bus/audit/audit-event.js';
import { findPluginBucket } from '../../bus/plugins/plugin-bucket.js';
import { pluginAuditEvent } from '../../bus/plugins/plugin-audit.js';
import { releaseOfInfo, type PluginRelease } from '../../bus/plugins/plugin-release.js';
import { fetchRelease, listReleases } from '../../bus/plugins/plugin-registry.js';
import { verifyPluginRelease } from '../../bus/plugins/verify-plugin-release.js';
import { parsePluginRef } from '../../core/config/plugin-ref.js';
import { compareSemVer, parseSemVer, parseSemVerRange, satisfies } from '../../core/config/semver.js';
import type { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { loadWasmPlugin } from '../../core/wasm/index.js';
import { parsePluginManifest } from '../../sdk/plugin/manifest.js';
import type { PluginDefinition } from '../../sdk/plugin/plugin.js';
import { loadTsPlugin } from './load-ts-plugin.js';
import type { PluginReleaseCache } from './plugin-release-cache.js';

/** What the loader needs from the node. */
export interface PluginRegistryLoaderOptions {
  readonly nodeId: string;
  /** Object Store bucket of the registry. */
  readonly bucket: string;
  /** Public keys (`A…`) whose signatures this node accepts. */
  readonly trustedKeys: ReadonlySet<string>;
  /** Where TypeScript plugin modules are written before they are imported (the node's data dir). */
  readonly moduleDir: string;
  readonly catalog: PluginCatalog;
  /** How long a compile waits for the first index from NATS before resolving without it, in ms. */
  readonly indexWaitMs: number;
  readonly audit: (event: AuditEventInput) => void;
  /** Config-log lines (`[plugins] loaded stamp@1.2.0 …`). */
  readonly log: (message: string) => void;
  /** Error-log lines. */
  readonly warn: (message: string) => void;
  /**
   * Makes the switches a loaded plugin declares known to the node (the switch board), before the
   * plugin can be bound; throws for malformed definitions, which refuses the release.
   */
  readonly declareSwitches: (definition: PluginDefinition) => void;
  /**
   * The versions the live snapshot runs (undefined before there is one): registry versions outside
   * it leave the catalog and the release cache.
   */
  readonly liveUsed: () => readonly { readonly name: string; readonly version: string }[] | undefined;
  /** Where verified releases are kept for starts without NATS; undefined keeps none. */
  readonly cache: PluginReleaseCache | undefined;
  /** Pause between looks for a bucket that does not exist yet (nothing published), in ms. */
  readonly bucketRetryMs: number;
}

/** Versions tried per reference and compile before giving up (each may be a fetch and a load). */
const MAX_CANDIDATES = 4;

/** `name@version`. */
function label(name: string, version: string): string {
  return `${name}@${version}`;
}

export class PluginRegistryLoader {
  private os: ObjectStore | undefined;
  private readonly index = new Map<string, Map<string, PluginRelease>>();
  private indexReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => { this.indexReady = resolve; });
  /** Refusal reasons by `name@version:revision`: a refused release is not fetched again. */
  private readonly refused = new Map<string, string>();
  private readonly loading = new Map<string, Promise<boolean>>();
  private readonly lastRefusal = new Map<string, string>();
  private changed: ((names: ReadonlySet<string>) => void) | undefined;
  private pendingNames = new Set<string>();
  private closed = false;
  private stopWatch: (() => void) | undefined;

  constructor(private readonly options: PluginRegistryLoaderOptions) {}

  /** Told (coalesced) which plugin names changed in the index; the node recompiles if it binds them. */
  onChange(listener: (names: ReadonlySet<string>) => void): void {
    this.changed = listener;
  }

  /** Installs the loader as the catalog's preparer. */
  install(): void {
    this.options.catalog.setPreparer((refs) => this.prepare(refs));
  }

  /** Versions of `name` the node knows the registry holds. */
  indexed(name: string): readonly PluginRelease[] {
    return [...(this.index.get(name)?.values() ?? [])];
  }

  /**
   * Puts the releases kept on disk into the index (before NATS answers, at start), so a node that
   * starts with NATS down still loads the plugins of its last-good config. The bucket's own entries
   * replace them as soon as it is listed.
   */
  async seedFromCache(): Promise<void> {
    for (const release of (await this.options.cache?.releases()) ?? []) {
      const versions = this.index.get(release.name) ?? new Map<string, PluginRelease>();
      if (!versions.has(release.version)) versions.set(release.version, release);
      this.index.set(release.name, versions);
      this.updateProblem(release.name);
    }
  }

  /** NATS is unreachable: compiles stop waiting for the bucket's index and use what is known. */
  stopWaiting(): void {
    this.indexReady();
  }

  /**
   * Starts following the bucket on `nc` (the node's connection, once up). The node only opens the
   * bucket (its NATS user may not create streams): until the first publish creates it, compiles do
   * not wait for it, and the node looks again every `bucketRetryMs`.
   */
  async attach(nc: NatsConnection): Promise<void> {
    let reported = false;
    while (!this.closed && !nc.isClosed()) {
      try {
        const os = await findPluginBucket(nc, this.options.bucket);
        if (os !== undefined) {
          await this.follow(os, nc);
          return;
        }
      } catch (error) {
        if (!reported) this.options.warn(`cannot open plugin bucket ${this.options.bucket}: ${error instanceof Error ? error.message : String(error)}; retrying`);
        reported = true;
      }
      this.indexReady();
      await new Promise((resolve) => setTimeout(resolve, this.options.bucketRetryMs).unref());
    }
  }

  private async follow(os: ObjectStore, nc: NatsConnection): Promise<void> {
    this.os = os;
    // Watch first (new entries from now), then list what exists: nothing falls in between.
    const watcher = await os.watch({ includeHistory: false });
    this.stopWatch = () => watcher.stop();
    for (const release of await listReleases(os)) this.learn(release);
    this.indexReady();
    void (async () => {
      for await (const info of watcher) {
        const release = releaseOfInfo(info);
        if (release !== undefined) this.learn(release);
      }
    })().catch((error: unknown) => this.options.warn(`plugin registry watch failed: ${error instanceof Error ? error.message : String(error)}`)).finally(() => {
      // A watch can end under the node (a server restart drops its consumer): list and watch again.
      if (this.closed || nc.isClosed()) return;
      this.options.warn('plugin registry watch ended; following the bucket again');
      setTimeout(() => void this.attach(nc).catch(() => undefined), this.options.bucketRetryMs).unref();
    });
  }

  /**
   * Drops registry versions the live snapshot no longer runs, so swapped-out WASM modules can be
   * collected; a compile that needs one loads it again. Run at the start of `prepare`, inside the
   * snapshot manager's queue, so it never races a compile of the live config. (A TypeScript module
   * stays in Node's module cache for the life of the process: ES modules cannot be unloaded.)
   */
  private evictUnused(): void {
    const live = this.options.liveUsed();
    if (live === undefined) return;
    const keep = new Set(live.map((p) => label(p.name, p.version)));
    this.options.cache?.retain(keep).catch((error: unknown) => this.options.warn(`pruning the plugin cache failed: ${error instanceof Error ? error.message : String(error)}`));
    const { catalog } = this.options;
    for (const name of catalog.names()) {
      for (const entry of catalog.versions(name)) {
        if (entry.source === 'registry' && !keep.has(label(name, entry.version.text))) catalog.remove(name, entry.version.text);
      }
      if (this.index.has(name)) this.updateProblem(name);
    }
  }

  /** Stops the watch; later compiles resolve against what is loaded. */
  close(): void {
    this.closed = true;
    this.stopWatch?.();
    this.indexReady();
  }

  /** Records a release from the list or the watch, and reports a change of the plugin. */
  private learn(release: PluginRelease): void {
    const versions = this.index.get(release.name) ?? new Map<string, PluginRelease>();
    const before = versions.get(release.version);
    versions.set(release.version, release);
    this.index.set(release.name, versions);
    const { catalog } = this.options;
    if (release.yanked && catalog.entry(release.name, release.version)?.source === 'registry') catalog.setYanked(release.name, release.version, true);
    this.updateProblem(release.name);
    if (before !== undefined && before.yanked === release.yanked) return;
    this.pendingNames.add(release.name);
    if (this.pendingNames.size === 1) {
      // Coalesced: a burst of publishes costs one recompile.
      setImmediate(() => {
        const names = this.pendingNames;
        this.pendingNames = new Set();
        this.changed?.(names);
      });
    }
  }

  /** Tells the catalog the registry holds `name`, and why no version may be loaded yet. */
  private updateProblem(name: string): void {
    const loaded = this.options.catalog.versions(name).some((e) => e.source === 'registry');
    const refusal = this.lastRefusal.get(name);
    this.options.catalog.setProblem(name, refusal ?? (loaded ? undefined : `${name} is in the registry but not loaded on this node yet`));
  }

  /**
   * Loads what `refs` need that is not loaded yet: for each, the version the index says it resolves
   * to (exact: that version, yanked or not; range: the newest unyanked), falling back to older
   * versions in the range when a newer one is refused. Never throws.
   */
  async prepare(refs: readonly string[]): Promise<void> {
    await Promise.race([this.ready, new Promise((resolve) => setTimeout(resolve, this.options.indexWaitMs).unref())]);
    this.evictUnused();
    for (const ref of refs) {
      const parsed = parsePluginRef(ref);
      if ('error' in parsed) continue;
      const candidates = this.candidates(parsed.name, parsed.range, parsed.exact);
      for (const release of candidates.slice(0, MAX_CANDIDATES)) {
        if (this.options.catalog.entry(release.name, release.version) !== undefined) break;
        if (await this.load(release)) break;
      }
    }
  }

  /** Releases a reference may use, best first. */
  private candidates(name: string, range: string, exact: boolean): PluginRelease[] {
    const releases = [...(this.index.get(name)?.values() ?? [])];
    if (exact) return releases.filter((r) => r.version === range);
    const parsedRange = parseSemVerRange(range);
    if (parsedRange === undefined) return [];
    const versioned = releases.flatMap((r) => {
      const version = parseSemVer(r.version);
      return version === undefined || r.yanked || !satisfies(version, parsedRange) ? [] : [{ r, version }];
    });
    return versioned.sort((a, b) => compareSemVer(b.version, a.version)).map((x) => x.r);
  }

  /** Loads one release (once, however many compiles ask); true when it is in the catalog. */
  private load(release: PluginRelease): Promise<boolean> {
    const key = `${label(release.name, release.version)}:${release.revision}`;
    if (this.refused.has(key)) return Promise.resolve(false);
    let running = this.loading.get(key);
    if (running === undefined) {
      running = this.loadNow(release, key).finally(() => this.loading.delete(key));
      this.loading.set(key, running);
    }
    return running;
  }

  /** The release with its module: from the bucket, else from the node's cache. */
  private async fetch(release: PluginRelease): Promise<{ release: PluginRelease; module: Uint8Array; fromCache: boolean } | undefined> {
    let problem = 'not connected to NATS';
    if (this.os !== undefined) {
      try {
        return { ...(await fetchRelease(this.os, release.name, release.version)), fromCache: false };
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    const cached = (await this.options.cache?.releases())?.find((r) => r.name === release.name && r.version === release.version);
    const module = cached === undefined ? undefined : await this.options.cache?.module(release.name, release.version);
    if (cached !== undefined && module !== undefined) return { release: cached, module, fromCache: true };
    // Not a verdict on the release (NATS trouble): the next compile tries again.
    this.options.warn(`fetching ${label(release.name, release.version)} failed: ${problem}`);
    return undefined;
  }

  private async loadNow(release: PluginRelease, key: string): Promise<boolean> {
    const { catalog, nodeId } = this.options;
    const actor = `node:${nodeId}`;
    const fetched = await this.fetch(release);
    if (fetched === undefined) return false;
    const refuse = (reason: string): boolean => {
      this.refused.set(key, reason);
      this.lastRefusal.set(release.name, `${label(release.name, release.version)} refused: ${reason}`);
      this.updateProblem(release.name);
      this.options.audit(pluginAuditEvent('plugin.refused', fetched.release, { actor, node: nodeId, reason }));
      this.options.log(`refused ${label(release.name, release.version)}: ${reason}`);
      return false;
    };
    const verdict = verifyPluginRelease(fetched.release, fetched.module, this.options.trustedKeys);
    if (!verdict.ok) return refuse(verdict.reason);
    // A name the node has built in (or loaded from a local folder) is reserved: versions of one
    // name from two sources would make a range pick between them.
    if (catalog.versions(release.name).some((entry) => entry.source === 'builtin')) return refuse('this node has a plugin of that name built in (or from a local folder)');
    let definition: PluginDefinition;
    try {
      const manifest = parsePluginManifest(JSON.parse(fetched.release.manifestText));
      if (manifest.name !== release.name || manifest.version !== release.version) return refuse(`its manifest names ${label(manifest.name, manifest.version)}`);
      definition = manifest.kind === 'wasm'
        ? await loadWasmPlugin(manifest, fetched.module, { sha256: verdict.sha256 })
        : await loadTsPlugin(manifest, fetched.module, this.options.moduleDir, verdict.sha256);
    } catch (error) {
      return refuse(error instanceof Error ? error.message : String(error));
    }
    try {
      if (definition.switches !== undefined && definition.switches.length > 0) this.options.declareSwitches(definition);
    } catch (error) {
      return refuse(`its switches: ${error instanceof Error ? error.message : String(error)}`);
    }
    catalog.register(definition, { source: 'registry', sha256: verdict.sha256, yanked: fetched.release.yanked });
    this.lastRefusal.delete(release.name);
    this.updateProblem(release.name);
    this.options.audit(pluginAuditEvent('plugin.loaded', fetched.release, { actor, node: nodeId }));
    this.options.log(`loaded ${label(release.name, release.version)} (${fetched.release.kind}, sha256 ${verdict.sha256.slice(0, 12)}, signed by ${fetched.release.signer.slice(0, 12)}${fetched.fromCache ? ', from the local copy' : ''})`);
    if (!fetched.fromCache) {
      this.options.cache?.save(fetched.release, fetched.module).catch((error: unknown) => this.options.warn(`keeping a copy of ${label(release.name, release.version)} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    return true;
  }
}
