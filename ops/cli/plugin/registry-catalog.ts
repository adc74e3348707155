/**
 * The plugin catalog `gantry apply` checks a config against: the built-in plugins plus every
 * release in the registry, as schema-only stand-ins (their manifest's config schema, an instance
 * that does nothing). So a binding to a registry plugin is checked — name, version or range, and
 * its config against that version's schema — before anything is written, without running plugin
 * code in the CLI. Signatures are the nodes' business: a release no node trusts still passes here.
 */
import { listReleases } from '../../../bus/plugins/plugin-registry.js';
import type { PluginRelease } from '../../../bus/plugins/plugin-release.js';
import { findPluginBucket, defaultPluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { builtinPlugins } from '../../../plugins/index.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import type { PluginDefinition } from '../../../sdk/plugin/plugin.js';
import type { TSchema } from '@sinclair/typebox';
import { withBus, type NatsTargets } from '../nats-flags.js';

/** The registry's releases (GANTRY_PLUGIN_BUCKET, default gantry-plugins), or none with a warning when it cannot be read. */
async function readReleases(targets: NatsTargets): Promise<PluginRelease[]> {
  const bucket = process.env.GANTRY_PLUGIN_BUCKET ?? defaultPluginBucket;
  try {
    return await withBus(targets, async (nc) => {
      const os = await findPluginBucket(nc, bucket);
      return os === undefined ? [] : listReleases(os);
    });
  } catch (error) {
    // The write that follows reports an unreachable NATS itself; here the check goes on without the registry.
    process.stderr.write(`gantry: warning: plugin registry "${bucket}" not read (${error instanceof Error ? error.message : String(error)}): its plugins count as unknown\n`);
    return [];
  }
}

/** A release as a plugin definition that carries its manifest's schema and switches and runs nothing. */
function standIn(release: PluginRelease): PluginDefinition {
  const manifest = parsePluginManifest(JSON.parse(release.manifestText));
  return {
    apiVersion: 1 as const,
    name: manifest.name,
    version: manifest.version,
    priority: manifest.priority,
    schema: manifest.configSchema as unknown as TSchema,
    ...(manifest.switches === undefined ? {} : { switches: manifest.switches }),
    create: () => ({}),
  };
}

/** Built-ins plus the registry's releases. */
export async function registryCatalog(targets: NatsTargets): Promise<PluginCatalog> {
  const catalog = new PluginCatalog(builtinPlugins);
  for (const release of await readReleases(targets)) {
    if (catalog.entry(release.name, release.version) !== undefined) continue;
    try {
      catalog.register(standIn(release), { source: 'registry', sha256: release.sha256, yanked: release.yanked });
    } catch {
      // A release whose manifest does not parse is refused by every node; the catalog names it unavailable.
      catalog.setProblem(release.name, `${release.name}@${release.version} has an invalid manifest`);
    }
  }
  return catalog;
}

/**
 * The plugins whose switches `gantry switch` validates against: the built-ins, then every readable
 * registry release (a later version of a plugin may redefine its own switches).
 */
export async function switchDeclarers(targets: NatsTargets): Promise<PluginDefinition[]> {
  const declarers: PluginDefinition[] = [...builtinPlugins];
  for (const release of await readReleases(targets)) {
    try {
      declarers.push(standIn(release));
    } catch {
      // Invalid manifests declare nothing: nodes refuse those releases.
    }
  }
  return declarers;
}
