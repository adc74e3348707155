import { parsePluginRef } from '../config/plugin-ref.js';
import { compareSemVer, maxSatisfying, parseSemVer, parseSemVerRange, type SemVer } from '../config/semver.js';
import type { PluginDefinition } from '../../sdk/plugin/plugin.js';

/** One version of a plugin the node can run. */
export interface CatalogEntry {
  readonly definition: PluginDefinition;
  readonly version: SemVer;
  /** Where it came from: compiled into the node, or fetched from the plugin registry. */
  readonly source: 'builtin' | 'registry';
  /** sha256 (hex) of the module it was loaded from; undefined for built-ins. */
  readonly sha256: string | undefined;
  /** A yanked version serves bindings that name it exactly, never a range. */
  readonly yanked: boolean;
}

/**
 * What a binding's reference resolves to:
 * - `found`: the version to run;
 * - `unavailable`: the plugin exists (built in or in the registry) but no version the node could
 *   load fits — the binding is refused alone (failure policy), the rest of the config applies;
 * - `unknown`: nobody has heard of the plugin: the config is wrong and refused.
 */
export type PluginResolution =
  | { readonly kind: 'found'; readonly entry: CatalogEntry }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'unknown' };

/** Makes the versions a config names loadable before it is compiled (the registry loader). */
export type PluginPreparer = (refs: readonly string[]) => Promise<void>;

/**
 * The plugins a node can run, by name and version. Built-in plugins are registered by the process
 * that starts the gateway (core never imports `plugins/`); the node's registry loader adds versions
 * fetched from NATS, marks yanked ones, and names plugins it knows of but could not load.
 */
export class PluginCatalog {
  private readonly byName = new Map<string, CatalogEntry[]>();
  /** Plugins the registry holds that have no loadable version here, with why. */
  private readonly problems = new Map<string, string>();
  private preparer: PluginPreparer | undefined;

  constructor(definitions: readonly PluginDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  /**
   * Adds one version of a plugin; the same name and version registered again replaces the first.
   * Throws a TypeError for a version that is not semver.
   */
  register(definition: PluginDefinition, origin: { source?: 'builtin' | 'registry'; sha256?: string; yanked?: boolean } = {}): CatalogEntry {
    const version = parseSemVer(definition.version);
    if (version === undefined) throw new TypeError(`plugin ${definition.name}: version "${definition.version}" is not semver`);
    const entry: CatalogEntry = { definition, version, source: origin.source ?? 'builtin', sha256: origin.sha256, yanked: origin.yanked ?? false };
    const entries = (this.byName.get(definition.name) ?? []).filter((e) => e.version.text !== version.text);
    entries.push(entry);
    entries.sort((a, b) => compareSemVer(a.version, b.version));
    this.byName.set(definition.name, entries);
    return entry;
  }

  /** Drops one version (a registry version no config uses any more). */
  remove(name: string, version: string): void {
    const entries = this.byName.get(name)?.filter((e) => e.version.text !== version);
    if (entries === undefined) return;
    if (entries.length === 0) this.byName.delete(name);
    else this.byName.set(name, entries);
  }

  /** Marks a version yanked (or not); returns false when that version is not loaded. */
  setYanked(name: string, version: string, yanked: boolean): boolean {
    const entries = this.byName.get(name);
    const index = entries?.findIndex((e) => e.version.text === version) ?? -1;
    const entry = entries?.[index];
    if (entries === undefined || entry === undefined) return false;
    entries[index] = { ...entry, yanked };
    return true;
  }

  /**
   * Records that the registry holds `name` but this node has no loadable version of it (or clears
   * that with undefined): bindings to it are then refused alone instead of refusing the config.
   */
  setProblem(name: string, reason: string | undefined): void {
    if (reason === undefined) this.problems.delete(name);
    else this.problems.set(name, reason);
  }

  /** The hook compiling calls with every plugin reference of a config, before resolving them. */
  setPreparer(preparer: PluginPreparer | undefined): void {
    this.preparer = preparer;
  }

  /** Lets the registry loader fetch what `refs` need; a catalog without a loader does nothing. */
  async prepare(refs: readonly string[]): Promise<void> {
    if (this.preparer !== undefined && refs.length > 0) await this.preparer(refs);
  }

  /** Resolves `name`, `name@1.2.3` or `name@^1.2` (see {@link PluginResolution}). */
  resolve(ref: string): PluginResolution {
    const parsed = parsePluginRef(ref);
    if ('error' in parsed) return { kind: 'unavailable', reason: parsed.error };
    const entries = this.byName.get(parsed.name) ?? [];
    let found: CatalogEntry | undefined;
    if (parsed.exact) {
      found = entries.find((e) => e.version.text === parsed.range);
    } else {
      const range = parseSemVerRange(parsed.range);
      const best = range === undefined ? undefined : maxSatisfying(entries.filter((e) => !e.yanked).map((e) => e.version), range);
      found = best === undefined ? undefined : entries.find((e) => e.version === best);
    }
    if (found !== undefined) return { kind: 'found', entry: found };
    const problem = this.problems.get(parsed.name);
    if (entries.length === 0 && problem === undefined) return { kind: 'unknown' };
    const loaded = entries.map((e) => `${e.version.text}${e.yanked ? ' (yanked)' : ''}`).join(', ') || 'none';
    return { kind: 'unavailable', reason: `no loadable version of ${parsed.name} matches "${parsed.range}" (loaded: ${loaded})${problem === undefined ? '' : `; ${problem}`}` };
  }

  /** The newest version of `name` (a yanked one only when nothing else is loaded). */
  get(name: string): PluginDefinition | undefined {
    const entries = this.byName.get(name) ?? [];
    const live = entries.filter((e) => !e.yanked);
    return (live.at(-1) ?? entries.at(-1))?.definition;
  }

  /** Every version of `name`, oldest first. */
  versions(name: string): readonly CatalogEntry[] {
    return this.byName.get(name) ?? [];
  }

  /** The loaded entry of exactly `name@version`. */
  entry(name: string, version: string): CatalogEntry | undefined {
    return this.byName.get(name)?.find((e) => e.version.text === version);
  }

  /** Plugin names with at least one loaded version, sorted. */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
