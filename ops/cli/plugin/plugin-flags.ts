/**
 * Flags the `gantry plugin` verbs share: the NATS flags, `-o`, and the registry bucket
 * (`--plugin-bucket`, env `GANTRY_PLUGIN_BUCKET`, default `gantry-plugins`).
 */
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { defaultPluginBucket, findPluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { CliError, stringFlag, UsageError, type FlagValues } from '../cli-args.js';
import { natsFlagOptions } from '../nats-flags.js';
import { outputFlagOption } from '../output.js';

/** Flag definitions of every registry verb. */
export const registryFlagOptions = {
  ...natsFlagOptions,
  ...outputFlagOption,
  'plugin-bucket': { type: 'string' },
} as const;

/** The usage line about the bucket flag. */
export const pluginBucketUsage = `  Registry bucket: --plugin-bucket NAME (env GANTRY_PLUGIN_BUCKET, default ${defaultPluginBucket}).`;

/** The bucket the flags name. */
export function pluginBucketOf(flags: FlagValues): string {
  const bucket = stringFlag(flags['plugin-bucket']) ?? process.env.GANTRY_PLUGIN_BUCKET ?? defaultPluginBucket;
  if (!/^[A-Za-z0-9_-]+$/.test(bucket)) throw new UsageError(`--plugin-bucket must be letters, digits, '-' or '_', got "${bucket}"`);
  return bucket;
}

/** Opens the bucket for reading; a CliError when nothing was ever published to it. */
export async function readableRegistry(nc: NatsConnection, bucket: string): Promise<ObjectStore> {
  const os = await findPluginBucket(nc, bucket);
  if (os === undefined) throw new CliError(`no plugin registry: bucket "${bucket}" does not exist (nothing was published yet)`);
  return os;
}

/** `NAME@VERSION` split; a usage error naming what is missing. */
export function releaseArgument(text: string | undefined, verb: string): { name: string; version: string } {
  const at = text?.indexOf('@') ?? -1;
  if (text === undefined || at <= 0 || at === text.length - 1) throw new UsageError(`plugin ${verb} needs NAME@VERSION${text === undefined ? '' : `, got "${text}"`}`);
  return { name: text.slice(0, at), version: text.slice(at + 1) };
}
