import { CliError, parseVerbArgs, positiveIntegerFlag, stringFlag, UsageError } from './cli-args.js';
import { writeFlagOptions, waitBudgetMs } from './apply-command.js';
import { openConfigBucket, readCommitted } from './config-bucket-access.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat } from './output.js';
import { publishChangeSet } from './publish-change-set.js';

export const rollbackUsage = `gantry rollback --to REV [--reason TEXT] [--dry-run] [--wait] [--timeout 10s] [-o json]
  Publishes the config committed at revision REV (see "gantry history") again, as a new change set
  of kind "rollback", checked and audited like an apply.
${natsFlagsUsage}`;

/** Restores the config of an earlier commit. */
export async function rollbackCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, { to: { type: 'string' }, ...writeFlagOptions, ...outputFlagOption, ...natsFlagOptions });
  if (flags.to === undefined) throw new UsageError('rollback needs --to REV');
  const to = positiveIntegerFlag(flags.to, '--to', 0);
  const output = outputFormat(flags.output);
  const targets = natsTargets(flags);
  const waitMs = waitBudgetMs(flags);
  const { target, from } = await withBus(targets, async (nc) => {
    const kv = await openConfigBucket(nc, targets.bucket, false);
    // A revision that is no commit (an object's value) or no longer readable is named as such.
    const state = await readCommitted(kv, to).catch((error: unknown) => {
      throw new CliError(`revision ${to} cannot be restored: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { target: state, from: (await readCommitted(kv))?.revision ?? 0 };
  });
  if (target === undefined) throw new CliError(`revision ${to} is not a commit of bucket "${targets.bucket}" (see gantry history)`);
  return publishChangeSet(targets, {
    document: target.document,
    origin: `revision ${to}`,
    kind: 'rollback',
    reason: stringFlag(flags.reason) ?? '',
    dryRun: flags['dry-run'] === true,
    pluginCheck: true,
    waitMs,
    output,
    audit: { kind: 'config.rollback', key: targets.bucket, details: { from, to } },
  });
}
