/**
 * Signing of plugin releases: ed25519 over the module's sha256 and the canonical manifest, with
 * NATS nkeys as the key format (an account key pair: seed `SA…`, public key `A…`). What is signed
 * is the UTF-8 text
 *
 *     gantry-plugin-signature-v1\n<name>@<version>\n<sha256 of the module, hex>\n<canonical manifest>
 *
 * where the canonical manifest is the manifest as parsed (defaults filled in) written as JSON with
 * sorted keys and no spaces. The signature travels as base64url.
 */
import { createHash } from 'node:crypto';
import { createAccount, fromPublic, fromSeed, type KeyPair } from '@nats-io/nkeys';
import { stableJson } from '../../core/snapshot/shared-resources.js';

const SIGNATURE_HEADER = 'gantry-plugin-signature-v1';

/** A key pair as `gantry plugin keygen` makes it. */
export interface PluginSigningKey {
  /** The seed (`SA…`): the secret; whoever holds it can publish plugins nodes trust. */
  readonly seed: string;
  /** The public key (`A…`): what nodes list as trusted. */
  readonly publicKey: string;
}

/** A new ed25519 key pair in nkeys format. */
export function createSigningKey(): PluginSigningKey {
  const pair = createAccount();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() };
}

/** The key pair of a seed; throws a TypeError naming the problem for anything else. */
export function signingKeyFromSeed(seed: string): KeyPair {
  const text = seed.trim();
  if (!text.startsWith('SA')) throw new TypeError('not a plugin signing seed (an nkeys account seed starts with "SA")');
  try {
    return fromSeed(new TextEncoder().encode(text));
  } catch (error) {
    throw new TypeError(`not a valid nkeys seed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True for an nkeys account public key (`A…`, 56 characters). */
export function isSigningPublicKey(text: string): boolean {
  if (!/^A[A-Z2-7]{55}$/.test(text)) return false;
  try {
    fromPublic(text);
    return true;
  } catch {
    return false;
  }
}

/** sha256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest as signed and stored: sorted keys, no spaces. */
export function canonicalManifest(manifest: unknown): string {
  return stableJson(manifest);
}

function signedText(name: string, version: string, moduleSha256: string, manifestText: string): Uint8Array {
  return new TextEncoder().encode(`${SIGNATURE_HEADER}\n${name}@${version}\n${moduleSha256}\n${manifestText}`);
}

/** Signs a release; returns the signature as base64url. */
export function signRelease(key: KeyPair, name: string, version: string, moduleSha256: string, manifestText: string): string {
  return Buffer.from(key.sign(signedText(name, version, moduleSha256, manifestText))).toString('base64url');
}

/** True when `signature` is `publicKey`'s signature over the release. Never throws. */
export function verifyRelease(publicKey: string, signature: string, name: string, version: string, moduleSha256: string, manifestText: string): boolean {
  try {
    return fromPublic(publicKey).verify(signedText(name, version, moduleSha256, manifestText), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
