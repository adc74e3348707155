import { formatIssues } from '../../core/config/config-issue.js';
import { parseVerbArgs, UsageError } from './cli-args.js';
import { checkConfigDocument, readConfigFile } from './config-check.js';

export const validateUsage = `gantry validate --config FILE
  Checks FILE exactly as a node would (schema, references, routes, plugin configs): prints every
  problem with its field path and exits 1, or prints a summary and exits 0.`;

/** Validates and compiles a config without serving it. */
export async function validateCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, { config: { type: 'string', short: 'c' } });
  const path = flags.config;
  if (typeof path !== 'string') throw new UsageError('validate needs --config FILE');
  const read = await readConfigFile(path);
  // Compiling too: unknown plugins, plugin configs and route conflicts are only found there.
  const checked = read.ok ? await checkConfigDocument(read.document) : read;
  if (!checked.ok) {
    process.stderr.write(`${formatIssues(read.origin, checked.issues)}\n`);
    return 1;
  }
  const { groups, apis, clusters, bindings } = checked.summary;
  process.stdout.write(`${read.origin}: valid — ${groups} groups, ${apis} APIs, ${clusters} clusters, ${bindings} bindings\n`);
  return 0;
}
