import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigningKey } from '../../../bus/plugins/plugin-signature.js';
import { UsageError } from '../../../ops/cli/cli-args.js';
import { pluginRegistryOf } from '../../../ops/cli/plugin-trust-flags.js';

describe('plugin trust flags', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('plugin trust flags - keys from the flag and the file are trusted once each; the bucket defaults to gantry-plugins', async () => {
    const [a, b] = [createSigningKey().publicKey, createSigningKey().publicKey];
    const dir = await mkdtemp(join(tmpdir(), 'gantry-trust-'));
    try {
      await writeFile(join(dir, 'keys'), `# team keys\n${b}\n\n${a}  # again\n`);
      expect(await pluginRegistryOf({ 'plugin-trust': a, 'plugin-trust-file': join(dir, 'keys') })).toEqual({ bucket: 'gantry-plugins', trustedKeys: [a, b] });
      vi.stubEnv('GANTRY_PLUGIN_TRUST', b);
      vi.stubEnv('GANTRY_PLUGIN_BUCKET', 'other-plugins');
      expect(await pluginRegistryOf({})).toEqual({ bucket: 'other-plugins', trustedKeys: [b] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('plugin trust flags - a key that is not a signing public key, or a missing file, is a usage error naming it', async () => {
    await expect(pluginRegistryOf({ 'plugin-trust': 'UABC' })).rejects.toThrow(UsageError);
    await expect(pluginRegistryOf({ 'plugin-trust': createSigningKey().seed })).rejects.toThrow(/is not a plugin signing public key/);
    await expect(pluginRegistryOf({ 'plugin-trust-file': '/nonexistent/keys' })).rejects.toThrow(/--plugin-trust-file/);
  });
});
