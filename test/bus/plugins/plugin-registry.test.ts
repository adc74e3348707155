import { describe, expect, it } from 'vitest';
import { fetchRelease, listReleases, publishPlugin, readRelease, yankRelease } from '../../../bus/plugins/plugin-registry.js';
import { isPluginRegistryError } from '../../../bus/plugins/plugin-registry-error.js';
import { releaseMetadataKeys, releaseObjectName } from '../../../bus/plugins/plugin-release.js';
import { createSigningKey, isSigningPublicKey, signingKeyFromSeed } from '../../../bus/plugins/plugin-signature.js';
import { verifyPluginRelease } from '../../../bus/plugins/verify-plugin-release.js';
import { stampModuleSource, tsManifest, usePluginBucket } from './plugin-bucket-fixture.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('plugin registry', () => {
  const scope = usePluginBucket();
  const key = createSigningKey();
  const pair = signingKeyFromSeed(key.seed);

  async function publish(name: string, version: string, module = bytes(stampModuleSource(name, version))): Promise<void> {
    await publishPlugin(scope.os, { manifest: tsManifest(name, version) as never, module, key: pair, actor: 'alice' });
  }

  it('plugin registry - keys are nkeys account keys; a seed gives back its public key', () => {
    expect(key.seed.startsWith('SA')).toBe(true);
    expect(isSigningPublicKey(key.publicKey)).toBe(true);
    expect(signingKeyFromSeed(key.seed).getPublicKey()).toBe(key.publicKey);
    expect(() => signingKeyFromSeed('SUAB')).toThrow(/account seed/);
  });

  it('plugin registry - a published release is listed, read and fetched, and verifies against its key', async () => {
    await publish('stamp', '1.0.0');
    await publish('stamp', '1.10.0');
    await publish('stamp', '1.2.0');
    await publish('alpha', '0.1.0');
    const listed = await listReleases(scope.os);
    expect(listed.map((r) => `${r.name}@${r.version}`)).toEqual(['alpha@0.1.0', 'stamp@1.0.0', 'stamp@1.2.0', 'stamp@1.10.0']);
    const { release, module } = await fetchRelease(scope.os, 'stamp', '1.2.0');
    expect(release).toMatchObject({ kind: 'ts', signer: key.publicKey, publishedBy: 'alice', yanked: false });
    expect(new TextDecoder().decode(module)).toBe(stampModuleSource('stamp', '1.2.0'));
    expect(verifyPluginRelease(release, module, new Set([key.publicKey]))).toEqual({ ok: true, sha256: release.sha256 });
  });

  it('plugin registry - a version is never overwritten, not even a yanked one', async () => {
    await publish('stamp', '1.0.0');
    await expect(publish('stamp', '1.0.0', bytes('export default {}'))).rejects.toSatisfy((error: unknown) => isPluginRegistryError(error, 'exists'));
    await yankRelease(scope.os, 'stamp', '1.0.0', { actor: 'bob', reason: 'broken' });
    await expect(publish('stamp', '1.0.0')).rejects.toSatisfy((error: unknown) => isPluginRegistryError(error, 'exists'));
  });

  it('plugin registry - yank marks the release, keeps it fetchable, and is refused twice', async () => {
    await publish('stamp', '1.0.0');
    const yanked = await yankRelease(scope.os, 'stamp', '1.0.0', { actor: 'bob', reason: 'leaks memory' });
    expect(yanked).toMatchObject({ yanked: true, yankedBy: 'bob', yankReason: 'leaks memory' });
    const { release, module } = await fetchRelease(scope.os, 'stamp', '1.0.0');
    expect(verifyPluginRelease(release, module, new Set([key.publicKey])).ok).toBe(true);
    await expect(yankRelease(scope.os, 'stamp', '1.0.0', { actor: 'bob', reason: 'again' })).rejects.toSatisfy((error: unknown) => isPluginRegistryError(error, 'invalid'));
    await expect(readRelease(scope.os, 'stamp', '9.9.9')).rejects.toSatisfy((error: unknown) => isPluginRegistryError(error, 'not-found'));
  });

  it('plugin registry - unsigned, untrusted, tampered module and tampered manifest are each refused with their reason', async () => {
    await publish('stamp', '1.0.0');
    const trusted = new Set([key.publicKey]);
    const original = await fetchRelease(scope.os, 'stamp', '1.0.0');

    expect(verifyPluginRelease(original.release, original.module, new Set([createSigningKey().publicKey]))).toMatchObject({ ok: false, reason: expect.stringMatching(/^signed by untrusted key A/) });

    const info = await scope.os.info(releaseObjectName('stamp', '1.0.0'));
    const metadata = { ...info?.metadata };
    await scope.os.putBlob({ name: releaseObjectName('stamp', '2.0.0'), metadata: { ...metadata, [releaseMetadataKeys.signature]: '' } }, original.module);
    const unsigned = await fetchRelease(scope.os, 'stamp', '2.0.0');
    expect(verifyPluginRelease(unsigned.release, unsigned.module, trusted)).toMatchObject({ ok: false, reason: expect.stringMatching(/^unsigned/) });

    await scope.os.putBlob({ name: releaseObjectName('stamp', '3.0.0'), metadata }, bytes('export default { evil: true }'));
    const swapped = await fetchRelease(scope.os, 'stamp', '3.0.0');
    expect(verifyPluginRelease(swapped.release, swapped.module, trusted)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match the published/) });

    const manifest = JSON.parse(metadata[releaseMetadataKeys.manifest] ?? '{}') as Record<string, unknown>;
    await scope.os.update(releaseObjectName('stamp', '1.0.0'), { metadata: { ...metadata, [releaseMetadataKeys.manifest]: JSON.stringify({ ...manifest, priority: 999999 }) } });
    const edited = await fetchRelease(scope.os, 'stamp', '1.0.0');
    expect(verifyPluginRelease(edited.release, edited.module, trusted)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature does not verify/) });
  });
});
