/**
 * The node's plugin registry flags: which bucket, and which signing keys it trusts.
 *
 * | flag                       | environment                | default          |
 * |----------------------------|----------------------------|------------------|
 * | `--plugin-bucket NAME`     | `GANTRY_PLUGIN_BUCKET`     | `gantry-plugins` |
 * | `--plugin-trust KEY[,KEY]` | `GANTRY_PLUGIN_TRUST`      | none             |
 * | `--plugin-trust-file FILE` | `GANTRY_PLUGIN_TRUST_FILE` | none             |
 *
 * Keys from both are trusted. A trust file holds one public key per line; `#` starts a comment.
 */
import { readFile } from 'node:fs/promises';
import { defaultPluginBucket } from '../../bus/plugins/plugin-bucket.js';
import { isSigningPublicKey } from '../../bus/plugins/plugin-signature.js';
import { stringFlag, UsageError, type FlagValues } from './cli-args.js';

function flagOrEnv(flags: FlagValues, flag: string, env: string): string | undefined {
  const value = stringFlag(flags[flag]) ?? process.env[env];
  return value === undefined || value === '' ? undefined : value;
}

/** Bucket and trusted keys for `startNatsNode`; a malformed key is a usage error naming it. */
export async function pluginRegistryOf(flags: FlagValues): Promise<{ bucket: string; trustedKeys: string[] }> {
  const bucket = flagOrEnv(flags, 'plugin-bucket', 'GANTRY_PLUGIN_BUCKET') ?? defaultPluginBucket;
  if (!/^[A-Za-z0-9_-]+$/.test(bucket)) throw new UsageError(`--plugin-bucket must be letters, digits, '-' or '_', got "${bucket}"`);
  const keys = (flagOrEnv(flags, 'plugin-trust', 'GANTRY_PLUGIN_TRUST') ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  const file = flagOrEnv(flags, 'plugin-trust-file', 'GANTRY_PLUGIN_TRUST_FILE');
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new UsageError(`--plugin-trust-file ${file}: ${error instanceof Error ? error.message : String(error)}`);
    });
    keys.push(...text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line !== ''));
  }
  for (const key of keys) {
    if (!isSigningPublicKey(key)) throw new UsageError(`plugin trust: "${key}" is not a plugin signing public key (A… from "gantry plugin keygen")`);
  }
  return { bucket, trustedKeys: [...new Set(keys)] };
}
