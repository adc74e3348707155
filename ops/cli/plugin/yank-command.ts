/**
 * `gantry plugin yank NAME@VERSION --reason TEXT`: ranges stop picking the version (nodes whose
 * binding range resolved to it move to the next best version); bindings naming it exactly keep it.
 * Audited as `plugin.yank`.
 */
import { pluginAuditEvent } from '../../../bus/plugins/plugin-audit.js';
import { yankRelease } from '../../../bus/plugins/plugin-registry.js';
import { isPluginRegistryError } from '../../../bus/plugins/plugin-registry-error.js';
import { CliError, parseVerbLine, stringFlag, UsageError } from '../cli-args.js';
import { recordAuditEvent } from '../config-audit.js';
import { cliActor, natsFlagsUsage, natsTargets, withBus } from '../nats-flags.js';
import { outputFormat, render } from '../output.js';
import { pluginBucketOf, pluginBucketUsage, readableRegistry, registryFlagOptions, releaseArgument } from './plugin-flags.js';

export const yankUsage = `gantry plugin yank NAME@VERSION --reason TEXT [-o json]
  Yanks a version: no range picks it any more (nodes move to the newest other version in their
  binding's range); a binding naming it exactly (NAME@VERSION) keeps running it. Not undoable;
  publish a new version instead.
${pluginBucketUsage}
${natsFlagsUsage}`;

/** Runs `gantry plugin yank`. */
export async function runYankCommand(args: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseVerbLine(args, { ...registryFlagOptions, reason: { type: 'string' } }, 1);
  const format = outputFormat(flags.output);
  const { name, version } = releaseArgument(positionals[0], 'yank');
  const reason = stringFlag(flags.reason)?.trim() ?? '';
  if (reason === '') throw new UsageError('plugin yank needs --reason TEXT: every yank is audited with why');
  const targets = natsTargets(flags);
  return withBus(targets, async (nc) => {
    const actor = cliActor(targets);
    let release;
    try {
      release = await yankRelease(await readableRegistry(nc, pluginBucketOf(flags)), name, version, { actor, reason });
    } catch (error) {
      if (isPluginRegistryError(error)) throw new CliError(error.message);
      throw error;
    }
    const delivery = await recordAuditEvent(nc, targets, pluginAuditEvent('plugin.yank', release, { actor, reason }));
    if (!delivery.stored) process.stderr.write(`gantry: warning: ${delivery.error}\n`);
    process.stdout.write(render(format, { name, version, yanked: true, reason, audited: delivery.stored }, () => `${name}@${version} yanked: ranges no longer pick it\n`));
    return 0;
  });
}
