import { formatIssues } from '../../core/config/config-issue.js';
import { documentToEntries } from '../../bus/config/config-entries.js';
import { diffEntries } from '../../bus/config/config-diff.js';
import { ConfigPlaneError } from '../../bus/config/config-plane-error.js';
import { CliError, parseVerbArgs, stringFlag, UsageError } from './cli-args.js';
import { findConfigBucket, readCommitted } from './config-bucket-access.js';
import { readConfigFile } from './config-check.js';
import { describeDiff, diffToJson } from './diff-text.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat, renderJson } from './output.js';

export const diffUsage = `gantry diff -f FILE [-o json]
  Shows which keys applying FILE would add (+), change (~) and remove (-) against the committed
  config. Reads only; exits 0 whether or not there are differences.
${natsFlagsUsage}`;

/** Compares a config file with the committed config, key by key. */
export async function diffCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, { file: { type: 'string', short: 'f' }, ...outputFlagOption, ...natsFlagOptions });
  const path = stringFlag(flags.file);
  if (path === undefined) throw new UsageError('diff needs -f FILE');
  const output = outputFormat(flags.output);
  const targets = natsTargets(flags);
  const read = await readConfigFile(path);
  if (!read.ok) {
    process.stderr.write(`${formatIssues(read.origin, read.issues)}\n`);
    return 1;
  }
  let next: ReadonlyMap<string, unknown>;
  try {
    next = documentToEntries(read.document);
  } catch (error) {
    if (error instanceof ConfigPlaneError) throw new CliError(`${read.origin}: ${error.message}`);
    throw error;
  }
  return withBus(targets, async (nc) => {
    const kv = await findConfigBucket(nc, targets.bucket);
    const current = kv === undefined ? undefined : await readCommitted(kv);
    const diff = diffEntries(current?.entries ?? new Map(), next);
    const revision = current?.revision ?? 0;
    process.stdout.write(output === 'table' ? describeDiff(diff, revision) : renderJson({ revision, ...diffToJson(diff) }));
    return 0;
  });
}
