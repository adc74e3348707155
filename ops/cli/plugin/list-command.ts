/**
 * `gantry plugin list` (one row per plugin) and `gantry plugin versions NAME` (one row per version).
 */
import type { PluginRelease } from '../../../bus/plugins/plugin-release.js';
import { listReleases } from '../../../bus/plugins/plugin-registry.js';
import { CliError, parseVerbLine, UsageError } from '../cli-args.js';
import { natsFlagsUsage, natsTargets, withBus } from '../nats-flags.js';
import { outputFormat, render, renderTable } from '../output.js';
import { pluginBucketOf, pluginBucketUsage, readableRegistry, registryFlagOptions } from './plugin-flags.js';

export const listUsage = `gantry plugin list [-o json|yaml]
gantry plugin versions NAME [-o json|yaml]
  "list" shows each plugin with its newest version (yanked ones not counted) and how many exist;
  "versions" shows every version of NAME with its sha256, signer, publisher and yank state.
${pluginBucketUsage}
${natsFlagsUsage}`;

/** A release as `-o json` prints it (the manifest parsed back into an object). */
export function releaseJson(release: PluginRelease): Record<string, unknown> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(release.manifestText);
  } catch {
    manifest = release.manifestText;
  }
  const { manifestText: _text, ...rest } = release;
  return { ...rest, manifest };
}

async function releasesOf(args: readonly string[], positionals: number): Promise<{ releases: PluginRelease[]; positionals: string[]; format: ReturnType<typeof outputFormat> }> {
  const { values: flags, positionals: words } = parseVerbLine(args, registryFlagOptions, positionals);
  const format = outputFormat(flags.output, ['table', 'json', 'yaml']);
  const releases = await withBus(natsTargets(flags), async (nc) => listReleases(await readableRegistry(nc, pluginBucketOf(flags))));
  return { releases, positionals: words, format };
}

/** Runs `gantry plugin list`. */
export async function runListCommand(args: readonly string[]): Promise<number> {
  const { releases, format } = await releasesOf(args, 0);
  const names = [...new Set(releases.map((r) => r.name))];
  const rows = names.map((name) => {
    const versions = releases.filter((r) => r.name === name);
    const latest = versions.filter((r) => !r.yanked).at(-1);
    return { name, latest: latest?.version ?? null, kind: (latest ?? versions.at(-1))?.kind ?? '?', versions: versions.length, yanked: versions.filter((r) => r.yanked).length };
  });
  process.stdout.write(render(format, rows, () => (rows.length === 0 ? 'no plugin published\n' : renderTable(['name', 'latest', 'kind', 'versions', 'yanked'], rows.map((r) => [r.name, r.latest, r.kind, r.versions, r.yanked])))));
  return 0;
}

/** Runs `gantry plugin versions NAME`. */
export async function runVersionsCommand(args: readonly string[]): Promise<number> {
  const { releases, positionals, format } = await releasesOf(args, 1);
  const [name] = positionals;
  if (name === undefined) throw new UsageError('plugin versions needs NAME');
  const versions = releases.filter((r) => r.name === name);
  if (versions.length === 0) throw new CliError(`no plugin "${name}" in the registry`);
  process.stdout.write(render(format, versions.map(releaseJson), () => renderTable(
    ['version', 'kind', 'sha256', 'signer', 'published', 'by', 'yanked'],
    versions.map((r) => [r.version, r.kind, r.sha256.slice(0, 12), r.signer.slice(0, 12), r.publishedAt, r.publishedBy, r.yanked ? `yes (${r.yankReason ?? ''})` : 'no']),
  )));
  return 0;
}
