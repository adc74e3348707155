/**
 * What a node checks before it loads a release, in this order (the first failure is the reason):
 *
 * | check                                   | refusal reason                                |
 * |-----------------------------------------|-----------------------------------------------|
 * | the release carries a signature          | `unsigned`                                    |
 * | its signer is one of the node's keys     | `signed by untrusted key A…`                  |
 * | the module's sha256 is the one published | `module sha256 … does not match the published …` |
 * | the signature verifies                   | `signature does not verify (tampered …)`      |
 *
 * The manifest itself is parsed by the loader (its schema lives with the SDK).
 */
import type { PluginRelease } from './plugin-release.js';
import { sha256Hex, verifyRelease } from './plugin-signature.js';

/** The verdict on one release. */
export type ReleaseVerdict = { readonly ok: true; readonly sha256: string } | { readonly ok: false; readonly reason: string };

/** Checks `module` against `release` and the node's trusted public keys. */
export function verifyPluginRelease(release: PluginRelease, module: Uint8Array, trustedKeys: ReadonlySet<string>): ReleaseVerdict {
  if (release.signature === '' || release.signer === '') return { ok: false, reason: 'unsigned: the release carries no signature' };
  if (!trustedKeys.has(release.signer)) {
    return { ok: false, reason: `signed by untrusted key ${release.signer}${trustedKeys.size === 0 ? ' (this node trusts no key: set --plugin-trust)' : ''}` };
  }
  const sha256 = sha256Hex(module);
  if (sha256 !== release.sha256) return { ok: false, reason: `module sha256 ${sha256} does not match the published ${release.sha256 || '(none)'} (tampered or truncated)` };
  if (!verifyRelease(release.signer, release.signature, release.name, release.version, sha256, release.manifestText)) {
    return { ok: false, reason: 'signature does not verify (tampered manifest or module)' };
  }
  return { ok: true, sha256 };
}
