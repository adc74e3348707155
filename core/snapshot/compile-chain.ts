import { describeConfigPath, type ConfigIssue } from '../config/config-issue.js';
import { pluginRefName } from '../config/plugin-ref.js';
import type { ApiConfig, GantryConfig } from '../config/types.js';
import { FilterChain, type ChainLink } from '../pipeline/filter-chain.js';
import { gantryError } from '../pipeline/gantry-error.js';
import type { PluginInstance } from '../../sdk/plugin/plugin.js';
import { GrayInstance, type GrayVariant } from './gray-release.js';
import type { CatalogEntry, PluginCatalog } from './plugin-catalog.js';
import { checkPluginConfig } from './plugin-config.js';
import { resolveBindings, type ResolvedBinding } from './plugin-bindings.js';
import type { PluginHost } from './plugin-host.js';
import { stableJson, type ResourceLease } from './shared-resources.js';

/** A plugin version a snapshot runs, as node status reports it. */
export interface UsedPlugin {
  readonly name: string;
  readonly version: string;
  readonly sha256: string | undefined;
}

/** A link of a compiled snapshot with the resource key of its instance, so a later snapshot can keep it. */
export interface KeptLink {
  readonly link: ChainLink;
  readonly key: string;
}

/** What compiling chains shares across the APIs of one snapshot. */
export interface ChainCompilation {
  readonly catalog: PluginCatalog;
  readonly host: PluginHost;
  readonly lease: ResourceLease;
  /** Problems that refuse the config. */
  readonly issues: ConfigIssue[];
  /** Bindings refused alone (their plugin could not be loaded): the config applies without them. */
  readonly warnings: ConfigIssue[];
  /** Versions the snapshot runs, by `name@version`. */
  readonly used: Map<string, UsedPlugin>;
  /** Links by `<api id>|<plugin>`, for the next snapshot's fallback. */
  readonly links: Map<string, KeptLink>;
  /** The live snapshot's links: what keeps serving when a binding's new version cannot be loaded. */
  readonly previous: ReadonlyMap<string, KeptLink> | undefined;
}

/** A plugin attachment whose plugin exists and whose config fits its schema (defaults applied). */
interface CheckedAttachment {
  readonly entry: CatalogEntry;
  readonly config: unknown;
}

type Attachment = { readonly kind: 'ok'; readonly checked: CheckedAttachment } | { readonly kind: 'unavailable'; readonly reason: string } | { readonly kind: 'invalid' };

/** Resolves the reference and checks the config; reports what is wrong with the config under `at`. */
function checkAttachment(ref: string, config: unknown, at: string, catalog: PluginCatalog, issues: ConfigIssue[]): Attachment {
  const resolved = catalog.resolve(ref);
  if (resolved.kind === 'unknown') {
    issues.push({ path: at, message: `unknown plugin "${pluginRefName(ref)}" (known: ${catalog.names().join(', ') || 'none'})` });
    return { kind: 'invalid' };
  }
  if (resolved.kind === 'unavailable') return { kind: 'unavailable', reason: resolved.reason };
  const checked = checkPluginConfig(resolved.entry.definition.schema, config, `${at}.config`);
  if (!checked.ok) {
    issues.push(...checked.issues);
    return { kind: 'invalid' };
  }
  return { kind: 'ok', checked: { entry: resolved.entry, config: checked.config } };
}

/** Every reference an attachment makes: its own, or one per gray release entry. */
function refsOf(plugin: string, versions: ResolvedBinding['versions']): string[] {
  return versions === undefined ? [plugin] : versions.map((entry) => `${pluginRefName(plugin)}@${entry.version}`);
}

/** Every plugin reference a config makes (what the registry loader must provide before compiling). */
export function pluginRefsOf(config: GantryConfig): string[] {
  const refs = new Set<string>();
  for (const binding of config.bindings) for (const ref of refsOf(binding.plugin, binding.versions)) refs.add(ref);
  for (const api of config.apis) for (const plugin of api.plugins) for (const ref of refsOf(plugin.name, plugin.versions)) refs.add(ref);
  return [...refs];
}

/**
 * Checks every top-level binding against the catalog, whether or not an API uses it yet: a binding
 * naming an unknown plugin must be refused even in a config with no API of its scope.
 */
export function checkBindingPlugins(config: GantryConfig, catalog: PluginCatalog, issues: ConfigIssue[]): void {
  config.bindings.forEach((binding, index) => {
    if (!binding.enabled) return;
    for (const ref of refsOf(binding.plugin, binding.versions)) checkAttachment(ref, binding.config, describeConfigPath(config, ['bindings', index]), catalog, issues);
  });
}

/** Answers every call 7777: the binding's plugin could not be loaded and the policy is closed. */
function unavailableInstance(name: string, reason: string): PluginInstance {
  return {
    onRequest: () => {
      throw gantryError('UnknownFilterError', { detail: `plugin.${name}.unavailable`, tips: `plugin ${name} is not available on this node: ${reason}` });
    },
  };
}

/** Acquires (or shares) the instance of one checked version for a binding's scope. */
async function acquireInstance(binding: ResolvedBinding, checked: CheckedAttachment, into: ChainCompilation): Promise<{ instance: PluginInstance; key: string }> {
  const { definition } = checked.entry;
  const key = `plugin:${binding.scopeId}:${definition.name}@${definition.version}:${stableJson(checked.config)}`;
  const instance = await into.lease.acquireAsync(
    key,
    async () => definition.create(checked.config as never, { pluginName: definition.name, log: into.host.loggerFor(definition.name), switches: into.host.switches }),
    (created) => created.close?.(),
  );
  into.used.set(`${definition.name}@${definition.version}`, { name: definition.name, version: definition.version, sha256: checked.entry.sha256 });
  return { instance, key };
}

function startFailure(error: unknown): string {
  return `failed to start: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * One link for a binding, or a reason it has none. A registry plugin that fails to start is refused
 * alone, like one that could not be loaded; a built-in one that fails refuses the config.
 */
async function linkOf(binding: ResolvedBinding, into: ChainCompilation): Promise<{ link: ChainLink; key: string } | { unavailable: string } | undefined> {
  const failOpen = binding.failurePolicy === 'open';
  if (binding.versions !== undefined) return grayLinkOf(binding, failOpen, into);
  const attachment = checkAttachment(binding.ref, binding.config, binding.at, into.catalog, into.issues);
  if (attachment.kind === 'invalid') return undefined;
  if (attachment.kind === 'unavailable') return { unavailable: attachment.reason };
  const { entry } = attachment.checked;
  try {
    const { instance, key } = await acquireInstance(binding, attachment.checked, into);
    const link = { plugin: binding.plugin, version: entry.definition.version, priority: binding.priority ?? entry.definition.priority, scope: scopeOf(binding), requestBody: entry.definition.requestBody === true, instance, failOpen };
    return { link, key };
  } catch (error) {
    if (entry.source === 'registry') return { unavailable: `${binding.plugin}@${entry.definition.version} ${startFailure(error)}` };
    into.issues.push({ path: binding.at, message: `plugin ${entry.definition.name} ${startFailure(error)}` });
    return undefined;
  }
}

function scopeOf(binding: ResolvedBinding): string {
  return binding.scopeId.startsWith('api:') ? 'api' : binding.scopeId;
}

/** A gray release link: every entry's version that loads takes part; the others are left out (with a warning). */
async function grayLinkOf(binding: ResolvedBinding, failOpen: boolean, into: ChainCompilation): Promise<{ link: ChainLink; key: string } | { unavailable: string } | undefined> {
  const variants: GrayVariant[] = [];
  const keys: string[] = [];
  const missing: string[] = [];
  let priority: number | undefined;
  let requestBody = false;
  for (const [index, entry] of (binding.versions ?? []).entries()) {
    const ref = `${binding.plugin}@${entry.version}`;
    const attachment = checkAttachment(ref, binding.config, `${binding.at}.versions[${index}]`, into.catalog, into.issues);
    if (attachment.kind === 'invalid') return undefined;
    if (attachment.kind === 'unavailable') {
      missing.push(`${entry.version}: ${attachment.reason}`);
      continue;
    }
    const { definition } = attachment.checked.entry;
    try {
      const { instance, key } = await acquireInstance(binding, attachment.checked, into);
      const label = entry.when === undefined ? undefined : { header: entry.when.header?.toLowerCase(), query: entry.when.query, values: entry.when.values };
      variants.push({ version: definition.version, instance, weight: entry.weight, label });
      keys.push(key);
      priority ??= definition.priority;
      requestBody ||= definition.requestBody === true;
    } catch (error) {
      if (attachment.checked.entry.source !== 'registry') {
        into.issues.push({ path: binding.at, message: `plugin ${definition.name}@${definition.version} ${startFailure(error)}` });
        return undefined;
      }
      missing.push(`${definition.version}: ${startFailure(error)}`);
    }
  }
  if (missing.length > 0) {
    into.warnings.push({ path: binding.at, message: `gray release of ${binding.plugin} runs without ${missing.join('; ')}` });
  }
  if (!variants.some((v) => v.label === undefined && v.weight > 0)) {
    return { unavailable: `no weighted version of the gray release could be loaded (${missing.join('; ')})` };
  }
  const instance = new GrayInstance(binding.plugin, binding.scopeId, variants);
  const link: ChainLink = { plugin: binding.plugin, version: variants.map((v) => v.version).join('|'), priority: binding.priority ?? priority ?? 0, scope: scopeOf(binding), requestBody, instance, failOpen };
  return { link, key: keys.join('\n') };
}

/**
 * Takes one more reference on the live snapshot's instances of `kept` (same keys: nothing is
 * created). False when one of them is gone, which a serialised compile should never see.
 */
async function keepLink(kept: KeptLink, into: ChainCompilation): Promise<boolean> {
  for (const key of kept.key.split('\n')) {
    try {
      await into.lease.acquireAsync(key, () => Promise.reject(new Error(`${key} is no longer live`)), () => undefined);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Builds one API's filter chain: resolves which attachments apply, resolves each one's version,
 * checks its config against that version's schema, and acquires the instance (shared with the
 * previous snapshot when the scope, version and config are unchanged, so plugin state survives
 * unrelated changes). A binding whose plugin cannot be loaded is refused alone, in this order: the
 * version the live snapshot runs for it keeps serving; else `failurePolicy: closed` answers its
 * calls 7777 and `open` leaves it out. Each case adds a warning naming the binding.
 */
export async function compileChain(config: GantryConfig, api: ApiConfig, apiIndex: number, into: ChainCompilation): Promise<FilterChain> {
  const { bindings, conflicts } = resolveBindings(config, api, apiIndex);
  into.issues.push(...conflicts);
  const apiId = `${api.group}|${api.name}`;
  const links: ChainLink[] = [];
  for (const binding of bindings) {
    const made = await linkOf(binding, into);
    if (made === undefined) continue;
    const linkId = `${apiId}|${binding.plugin}`;
    if ('link' in made) {
      links.push(made.link);
      into.links.set(linkId, made);
      continue;
    }
    const kept = into.previous?.get(linkId);
    if (kept !== undefined && await keepLink(kept, into)) {
      links.push(kept.link);
      into.links.set(linkId, kept);
      for (const version of kept.link.version.split('|')) {
        const entry = into.catalog.entry(kept.link.plugin, version);
        into.used.set(`${kept.link.plugin}@${version}`, { name: kept.link.plugin, version, sha256: entry?.sha256 });
      }
      into.warnings.push({ path: binding.at, message: `${binding.ref} refused alone, ${kept.link.plugin}@${kept.link.version} keeps serving: ${made.unavailable}` });
      continue;
    }
    const failOpen = binding.failurePolicy === 'open';
    into.warnings.push({ path: binding.at, message: `${binding.ref} refused alone: ${made.unavailable}; its calls ${failOpen ? 'skip it (failurePolicy open)' : 'answer 7777 (failurePolicy closed)'}` });
    if (!failOpen) {
      links.push({ plugin: binding.plugin, version: '-', priority: binding.priority ?? 0, scope: scopeOf(binding), requestBody: false, instance: unavailableInstance(binding.plugin, made.unavailable), failOpen: false });
    }
  }
  // Each link gets its plugin's metrics meter here, once per compile, so every way a link is made is timed.
  const meterFor = into.host.meterFor?.bind(into.host);
  return new FilterChain(meterFor === undefined ? links : links.map((link) => ({ ...link, meter: meterFor(link.plugin) })));
}
