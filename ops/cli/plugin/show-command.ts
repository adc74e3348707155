/**
 * `gantry plugin show NAME@VERSION`: one release with its manifest.
 */
import { readRelease } from '../../../bus/plugins/plugin-registry.js';
import { isPluginRegistryError } from '../../../bus/plugins/plugin-registry-error.js';
import { CliError, parseVerbLine } from '../cli-args.js';
import { natsFlagsUsage, natsTargets, withBus } from '../nats-flags.js';
import { outputFormat, render, renderYaml } from '../output.js';
import { releaseJson } from './list-command.js';
import { pluginBucketOf, pluginBucketUsage, readableRegistry, registryFlagOptions, releaseArgument } from './plugin-flags.js';

export const showUsage = `gantry plugin show NAME@VERSION [-o json|yaml]
  One release: kind, size, sha256, signer, who published it and when, yank state, and its manifest.
${pluginBucketUsage}
${natsFlagsUsage}`;

/** Runs `gantry plugin show`. */
export async function runShowCommand(args: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseVerbLine(args, registryFlagOptions, 1);
  const format = outputFormat(flags.output, ['table', 'json', 'yaml']);
  const { name, version } = releaseArgument(positionals[0], 'show');
  const release = await withBus(natsTargets(flags), async (nc) => {
    try {
      return await readRelease(await readableRegistry(nc, pluginBucketOf(flags)), name, version);
    } catch (error) {
      if (isPluginRegistryError(error)) throw new CliError(error.message);
      throw error;
    }
  });
  const json = releaseJson(release);
  process.stdout.write(render(format, json, () => {
    const rows: [string, unknown][] = [
      ['plugin', `${release.name}@${release.version}`], ['kind', release.kind], ['size', `${release.size} bytes`],
      ['sha256', release.sha256], ['signer', release.signer || '(unsigned)'], ['published', `${release.publishedAt} by ${release.publishedBy || '?'}`],
      ['yanked', release.yanked ? `yes, ${release.yankedAt ?? '?'} by ${release.yankedBy ?? '?'}: ${release.yankReason ?? ''}` : 'no'],
    ];
    const width = Math.max(...rows.map(([field]) => field.length));
    return `${rows.map(([field, value]) => `${`${field}:`.padEnd(width + 2)}${String(value)}`).join('\n')}\nmanifest:\n${renderYaml(json.manifest).replace(/^/gm, '  ')}`;
  }));
  return 0;
}
