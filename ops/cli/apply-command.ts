import { formatIssues } from '../../core/config/config-issue.js';
import { durationFlag, parseVerbArgs, stringFlag, UsageError } from './cli-args.js';
import { readConfigFile } from './config-check.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets } from './nats-flags.js';
import { outputFlagOption, outputFormat } from './output.js';
import { publishChangeSet } from './publish-change-set.js';

export const applyUsage = `gantry apply -f FILE [--dry-run] [--wait] [--timeout 10s] [--reason TEXT] [--skip-plugin-check] [-o json]
  Checks FILE as a node would (schema, references, plugin configs), shows what changes against the
  committed config (+ added, ~ changed, - removed keys), writes it as one change set and audits it.
  --dry-run writes nothing. --wait then waits for the nodes: exit 0 when all applied it, 1 when a
  node refused it (named, with its reason) or is still on an older revision at --timeout.
  --skip-plugin-check checks schema and references only, for nodes running plugins this CLI lacks.
${natsFlagsUsage}`;

/** Waiting this long by default is enough for a healthy fleet and short enough for a person. */
export const defaultWaitMs = 10_000;

/** The flags `--wait`, `--timeout`, `--reason`, `--dry-run`, shared by every writing verb. */
export const writeFlagOptions = {
  'dry-run': { type: 'boolean' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
  reason: { type: 'string' },
} as const;

/** `--wait`'s budget in ms, or undefined without `--wait`; `--timeout` alone is a usage error. */
export function waitBudgetMs(flags: Record<string, string | boolean | undefined>): number | undefined {
  if (flags.wait !== true) {
    if (flags.timeout !== undefined) throw new UsageError('--timeout only applies with --wait');
    return undefined;
  }
  return durationFlag(flags.timeout, '--timeout', defaultWaitMs);
}

/** Publishes a config file as the fleet's next config. */
export async function applyCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, {
    file: { type: 'string', short: 'f' }, 'skip-plugin-check': { type: 'boolean' }, ...writeFlagOptions, ...outputFlagOption, ...natsFlagOptions,
  });
  const path = stringFlag(flags.file);
  if (path === undefined) throw new UsageError('apply needs -f FILE');
  const output = outputFormat(flags.output);
  const targets = natsTargets(flags);
  const waitMs = waitBudgetMs(flags);
  const read = await readConfigFile(path);
  if (!read.ok) {
    process.stderr.write(`${formatIssues(read.origin, read.issues)}\n`);
    return 1;
  }
  return publishChangeSet(targets, {
    document: read.document,
    origin: read.origin,
    kind: 'apply',
    reason: stringFlag(flags.reason) ?? '',
    dryRun: flags['dry-run'] === true,
    pluginCheck: flags['skip-plugin-check'] !== true,
    waitMs,
    output,
    audit: { kind: 'config.apply', key: targets.bucket, details: { file: read.origin } },
  });
}
