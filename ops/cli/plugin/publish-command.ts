/**
 * `gantry plugin publish DIR|FILE`: checks the plugin the way a node will load it, signs it with
 * the publisher's seed and stores it in the registry bucket; audited as `plugin.upload`.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { pluginAuditEvent } from '../../../bus/plugins/plugin-audit.js';
import { publishPlugin } from '../../../bus/plugins/plugin-registry.js';
import { isPluginRegistryError } from '../../../bus/plugins/plugin-registry-error.js';
import { sha256Hex, signingKeyFromSeed } from '../../../bus/plugins/plugin-signature.js';
import { prepareWasmModule } from '../../../core/wasm/index.js';
import { loadTsPlugin } from '../../node/load-ts-plugin.js';
import { CliError, parseVerbLine, stringFlag, UsageError } from '../cli-args.js';
import { recordAuditEvent } from '../config-audit.js';
import { cliActor, natsFlagsUsage, natsTargets, withBus } from '../nats-flags.js';
import { outputFormat, render } from '../output.js';
import { pluginBucketOf, pluginBucketUsage, registryFlagOptions } from './plugin-flags.js';
import { readPluginSource, type PluginSource } from './plugin-source.js';

export const publishUsage = `gantry plugin publish DIR|FILE --key SEEDFILE [-o json]
  Signs and stores a plugin: DIR holds gantry-plugin.json (or manifest.json) and the module it
  names (plugin.wasm, or the built plugin.js); FILE is that manifest or module. The module is
  checked as a node would load it, signed with the seed in SEEDFILE (env GANTRY_PLUGIN_KEY; see
  "gantry plugin keygen"), and stored as NAME/VERSION. A version already published is refused.
${pluginBucketUsage}
${natsFlagsUsage}`;

/** Loads the module once, as a node would, so a broken plugin is refused before it is stored. */
async function checkLoads(source: PluginSource): Promise<void> {
  const { manifest, module } = source;
  try {
    if (manifest.kind === 'wasm') {
      await prepareWasmModule(manifest, module);
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'gantry-publish-'));
    try {
      await loadTsPlugin(manifest, module, dir, sha256Hex(module));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch (error) {
    throw new CliError(`${source.modulePath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readSeed(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the signing seed ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs `gantry plugin publish`. */
export async function runPublishCommand(args: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseVerbLine(args, { ...registryFlagOptions, key: { type: 'string' } }, 1);
  const format = outputFormat(flags.output, ['table', 'json', 'yaml']);
  const [path] = positionals;
  if (path === undefined) throw new UsageError('plugin publish needs DIR or FILE');
  const keyPath = stringFlag(flags.key) ?? process.env.GANTRY_PLUGIN_KEY;
  if (keyPath === undefined || keyPath === '') throw new UsageError('plugin publish needs --key SEEDFILE (or GANTRY_PLUGIN_KEY): releases are always signed');
  let key;
  try {
    key = signingKeyFromSeed(await readSeed(keyPath));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${keyPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const source = await readPluginSource(path);
  await checkLoads(source);
  const targets = natsTargets(flags);
  const bucket = pluginBucketOf(flags);
  return withBus(targets, async (nc) => {
    const os = await ensurePluginBucket(nc, bucket);
    const actor = cliActor(targets);
    let release;
    try {
      release = await publishPlugin(os, { manifest: source.manifest, module: source.module, key, actor });
    } catch (error) {
      if (isPluginRegistryError(error)) throw new CliError(error.message);
      throw error;
    }
    const delivery = await recordAuditEvent(nc, targets, pluginAuditEvent('plugin.upload', release, { actor }));
    if (!delivery.stored) process.stderr.write(`gantry: warning: ${delivery.error}\n`);
    const json = { name: release.name, version: release.version, kind: release.kind, sha256: release.sha256, signer: release.signer, size: release.size, bucket, audited: delivery.stored };
    process.stdout.write(render(format, json, () => `published ${release.name}@${release.version} (${release.kind}, ${release.size} bytes)\n  sha256 ${release.sha256}\n  signed by ${release.signer}\n`));
    return 0;
  });
}
