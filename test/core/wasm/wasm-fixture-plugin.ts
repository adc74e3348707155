/** Loads a WAT fixture as a WASM plugin with a small manifest; shared by the runtime tests. */
import { loadWasmPlugin, type WasmPluginDefinition, type WasmPluginOptions } from '../../../core/wasm/index.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { watModule, type WatFixture } from '../../fixtures/wasm/wat-module.js';

export async function loadFixturePlugin(
  fixture: WatFixture,
  limits: { timeoutMs?: number; memoryMiB?: number } = {},
  options: Partial<WasmPluginOptions> = {},
): Promise<WasmPluginDefinition> {
  const manifest = parsePluginManifest({
    name: `fixture-${fixture}`, version: '1.0.0', kind: 'wasm', priority: 0, phases: ['request'],
    configSchema: { type: 'object' }, limits: { timeoutMs: limits.timeoutMs ?? 50, memoryMiB: limits.memoryMiB ?? 4 },
  });
  return loadWasmPlugin(manifest, await watModule(fixture), options);
}
