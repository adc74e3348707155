import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatIssues } from '../../core/config/config-issue.js';
import { parseConfigText } from '../../core/config/parse-config-text.js';
import { validateConfig } from '../../core/config/validate-config.js';
import { StaticSwitches } from '../../core/gateway/switch-source.js';
import { DiscardLogWriter } from '../../core/observe/log-writer.js';
import { GatewayLogs } from '../../core/observe/gateway-logs.js';
import { pluginHostFor } from '../../core/gateway/plugin-host.js';
import { compileSnapshot } from '../../core/snapshot/compile-snapshot.js';
import { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { SharedResources } from '../../core/snapshot/shared-resources.js';
import { builtinPlugins } from '../../plugins/index.js';
import { parseVerbArgs, UsageError } from './cli-args.js';

export const validateUsage = `gantry validate --config FILE
  Checks FILE exactly as a node would (schema, references, routes, plugin configs): prints every
  problem with its field path and exits 1, or prints a summary and exits 0.`;

/** Validates and compiles a config without serving it. */
export async function validateCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, { config: { type: 'string', short: 'c' } });
  const path = flags.config;
  if (typeof path !== 'string') throw new UsageError('validate needs --config FILE');
  const origin = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    process.stderr.write(`${origin}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const parsed = parseConfigText(text, origin);
  const validated = parsed.ok ? validateConfig(parsed.document) : parsed;
  if (!validated.ok) {
    process.stderr.write(`${formatIssues(origin, validated.issues)}\n`);
    return 1;
  }
  // Compile too: unknown plugins, plugin configs and route conflicts are only found here.
  const resources = new SharedResources();
  const discard = new DiscardLogWriter();
  const host = pluginHostFor(new GatewayLogs(discard, discard, discard), new StaticSwitches());
  const compiled = await compileSnapshot(validated.config, 1, { resources, catalog: new PluginCatalog(builtinPlugins), host });
  if (!compiled.ok) {
    process.stderr.write(`${formatIssues(origin, compiled.issues)}\n`);
    return 1;
  }
  const { groups, apis, clusters, bindings } = compiled.snapshot.summary;
  compiled.snapshot.retire();
  process.stdout.write(`${origin}: valid — ${groups} groups, ${apis} APIs, ${clusters} clusters, ${bindings} bindings\n`);
  return 0;
}
