/**
 * The registry's operations on the bucket: publish (never overwriting a version), list, read a
 * release with its module, and yank. Signing and verification are in `plugin-signature.ts`;
 * the node's checks in `verify-plugin-release.ts`.
 */
import type { KeyPair } from '@nats-io/nkeys';
import type { ObjectStore } from '@nats-io/obj';
import { compareSemVer, parseSemVer } from '../../core/config/semver.js';
import { PluginRegistryError } from './plugin-registry-error.js';
import { releaseMetadataKeys as k, releaseObjectName, releaseOfInfo, type PluginRelease } from './plugin-release.js';
import { canonicalManifest, sha256Hex, signRelease } from './plugin-signature.js';

/** What a publish needs: a parsed manifest (name, version, kind, …), the module bytes, the signer. */
export interface PublishInput {
  readonly manifest: { readonly name: string; readonly version: string; readonly kind: string };
  readonly module: Uint8Array;
  readonly key: KeyPair;
  /** Who publishes (recorded in the metadata and the audit event). */
  readonly actor: string;
  readonly now?: Date;
}

/**
 * Stores a release: module as the object's data, manifest, sha256, signature and signer as its
 * metadata. Refuses (`exists`) a version already in the bucket, even a yanked one, and a second
 * publisher racing for the same version loses on the server's sequence check.
 */
export async function publishPlugin(os: ObjectStore, input: PublishInput): Promise<PluginRelease> {
  const { name, version } = input.manifest;
  const objectName = releaseObjectName(name, version);
  const existing = await os.info(objectName);
  if (existing !== null) throw new PluginRegistryError('exists', `${name}@${version} is already published (${existing.deleted ? 'deleted' : `sha256 ${existing.metadata?.[k.sha256] ?? '?'}`}); versions are never overwritten: publish a new version`);
  const manifestText = canonicalManifest(input.manifest);
  const sha256 = sha256Hex(input.module);
  const metadata: Record<string, string> = {
    [k.manifest]: manifestText,
    [k.sha256]: sha256,
    [k.signature]: signRelease(input.key, name, version, sha256, manifestText),
    [k.signer]: input.key.getPublicKey(),
    [k.publishedBy]: input.actor,
    [k.publishedAt]: (input.now ?? new Date()).toISOString(),
  };
  let info;
  try {
    // previousRevision 0: the server stores the release only if nothing was ever stored under its name.
    info = await os.putBlob({ name: objectName, description: `${name}@${version} (${input.manifest.kind})`, metadata }, input.module, { previousRevision: 0 });
  } catch (error) {
    if (error instanceof Error && /wrong last sequence/i.test(error.message)) throw new PluginRegistryError('exists', `${name}@${version} was published by someone else meanwhile`);
    throw error;
  }
  const release = releaseOfInfo(info);
  if (release === undefined) throw new PluginRegistryError('corrupt', `${objectName} could not be read back`);
  return release;
}

/** Every release in the bucket, by name then version (newest last). */
export async function listReleases(os: ObjectStore): Promise<PluginRelease[]> {
  const releases = (await os.list()).flatMap((info) => releaseOfInfo(info) ?? []);
  return releases.sort((a, b) => a.name.localeCompare(b.name) || compareSemVer(parseSemVer(a.version) ?? never(), parseSemVer(b.version) ?? never()));
}

function never(): never {
  throw new Error('unreachable: releases carry semver versions');
}

/** One release's metadata; `not-found` when there is none. */
export async function readRelease(os: ObjectStore, name: string, version: string): Promise<PluginRelease> {
  const info = await os.info(releaseObjectName(name, version));
  const release = info === null ? undefined : releaseOfInfo(info);
  if (release === undefined) throw new PluginRegistryError('not-found', `${name}@${version} is not in the registry`);
  return release;
}

/**
 * A release with its module bytes. The Object Store checks its own digest of the chunks while
 * reading (`corrupt` when they do not match); the signature is the caller's to check.
 */
export async function fetchRelease(os: ObjectStore, name: string, version: string): Promise<{ release: PluginRelease; module: Uint8Array }> {
  const release = await readRelease(os, name, version);
  let module: Uint8Array | null;
  try {
    module = await os.getBlob(releaseObjectName(name, version));
  } catch (error) {
    throw new PluginRegistryError('corrupt', `${name}@${version}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (module === null) throw new PluginRegistryError('not-found', `${name}@${version} disappeared while it was read`);
  return { release, module };
}

/**
 * Marks a release yanked: ranges no longer pick it, nodes bound to it exactly keep it. Yanking
 * again is refused (`invalid`) so the audit trail has one yank per version.
 */
export async function yankRelease(os: ObjectStore, name: string, version: string, by: { actor: string; reason: string; now?: Date }): Promise<PluginRelease> {
  const objectName = releaseObjectName(name, version);
  const info = await os.info(objectName);
  const release = info === null ? undefined : releaseOfInfo(info);
  if (info === null || release === undefined) throw new PluginRegistryError('not-found', `${name}@${version} is not in the registry`);
  if (release.yanked) throw new PluginRegistryError('invalid', `${name}@${version} was already yanked by ${release.yankedBy ?? '?'} at ${release.yankedAt ?? '?'}`);
  const metadata = { ...info.metadata, [k.yanked]: 'true', [k.yankedBy]: by.actor, [k.yankedAt]: (by.now ?? new Date()).toISOString(), [k.yankReason]: by.reason };
  await os.update(objectName, { metadata, description: info.description });
  return readRelease(os, name, version);
}
