/**
 * One published plugin version as the bucket holds it: one object named `<name>/<version>` whose
 * data is the module (the `.wasm`, or the built ES module of a TypeScript plugin) and whose
 * metadata carries everything else (see README.md for the table). One object, not two, so a
 * watcher never sees a module without its manifest or signature.
 */
import type { ObjectInfo } from '@nats-io/obj';
import { parseSemVer } from '../../core/config/semver.js';

/** Metadata keys of a release object. */
export const releaseMetadataKeys = {
  manifest: 'gantry-manifest',
  sha256: 'gantry-sha256',
  signature: 'gantry-signature',
  signer: 'gantry-signer',
  publishedBy: 'gantry-published-by',
  publishedAt: 'gantry-published-at',
  yanked: 'gantry-yanked',
  yankedBy: 'gantry-yanked-by',
  yankedAt: 'gantry-yanked-at',
  yankReason: 'gantry-yank-reason',
} as const;

/** A release's metadata, read from its object. */
export interface PluginRelease {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  /** The canonical manifest text, exactly as signed. */
  readonly manifestText: string;
  /** sha256 of the module, hex, as the publisher computed it. */
  readonly sha256: string;
  /** base64url ed25519 signature; empty when the object carries none (refused by every node). */
  readonly signature: string;
  /** Public key (`A…`) of the signer; empty when none. */
  readonly signer: string;
  readonly size: number;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly yanked: boolean;
  readonly yankedBy: string | undefined;
  readonly yankedAt: string | undefined;
  readonly yankReason: string | undefined;
  /** Object Store revision of the release's metadata (changes on yank). */
  readonly revision: number;
}

/** `<name>/<version>`: the object holding that release. */
export function releaseObjectName(name: string, version: string): string {
  return `${name}/${version}`;
}

/** Name and version of a release object name; undefined for other objects. */
export function parseReleaseObjectName(objectName: string): { name: string; version: string } | undefined {
  const slash = objectName.indexOf('/');
  if (slash <= 0 || slash !== objectName.lastIndexOf('/')) return undefined;
  const name = objectName.slice(0, slash);
  const version = objectName.slice(slash + 1);
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(name) || parseSemVer(version) === undefined) return undefined;
  return { name, version };
}

function kindOf(manifestText: string): string {
  try {
    const kind = (JSON.parse(manifestText) as { kind?: unknown }).kind;
    return typeof kind === 'string' ? kind : '?';
  } catch {
    return '?';
  }
}

/** The release an object info describes; undefined for a deleted object or one outside the scheme. */
export function releaseOfInfo(info: ObjectInfo): PluginRelease | undefined {
  if (info.deleted) return undefined;
  const id = parseReleaseObjectName(info.name);
  if (id === undefined) return undefined;
  const meta = info.metadata ?? {};
  const k = releaseMetadataKeys;
  const manifestText = meta[k.manifest] ?? '';
  return {
    ...id,
    kind: kindOf(manifestText),
    manifestText,
    sha256: meta[k.sha256] ?? '',
    signature: meta[k.signature] ?? '',
    signer: meta[k.signer] ?? '',
    size: info.size,
    publishedBy: meta[k.publishedBy] ?? '',
    publishedAt: meta[k.publishedAt] ?? info.mtime,
    yanked: meta[k.yanked] === 'true',
    yankedBy: meta[k.yankedBy],
    yankedAt: meta[k.yankedAt],
    yankReason: meta[k.yankReason],
    revision: info.revision,
  };
}
