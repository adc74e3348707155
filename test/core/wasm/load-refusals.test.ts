import { describe, expect, it } from 'vitest';
import { loadWasmPlugin, prepareWasmModule, WasmLoadError } from '../../../core/wasm/index.js';
import { parsePluginManifest } from '../../../sdk/plugin/manifest.js';
import { watModule, type WatFixture } from '../../fixtures/wasm/wat-module.js';

function manifest(phases: string[] = ['request']): ReturnType<typeof parsePluginManifest> {
  return parsePluginManifest({ name: 'refused', version: '1.0.0', kind: 'wasm', priority: 0, phases, configSchema: { type: 'object' } });
}

async function refusal(fixture: WatFixture | Uint8Array, phases?: string[]): Promise<WasmLoadError> {
  const bytes = fixture instanceof Uint8Array ? fixture : await watModule(fixture);
  const error: unknown = await loadWasmPlugin(manifest(phases), bytes).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(WasmLoadError);
  return error as WasmLoadError;
}

describe('wasm loading - a module is refused alone, saying why', () => {
  it('load - refuses bytes that are not WebAssembly', async () => {
    const error = await refusal(new Uint8Array([1, 2, 3]));
    expect(error.code).toBe('GANTRY_WASM_LOAD_FAILED');
    expect(error.message).toMatch(/^plugin refused: the file is not a valid WebAssembly module/);
  });

  it('load - refuses a WASI import: no file system, network or clock', async () => {
    expect((await refusal('wasi-import')).message).toMatch(/imports wasi_snapshot_preview1\.fd_write, which the gateway does not offer/);
  });

  it('load - refuses a module importing the meter itself', async () => {
    expect((await refusal('self-meter')).message).toMatch(/gantry:meter\.check, which belongs to the gateway's meter/);
  });

  it('load - refuses a module starting above its memory limit', async () => {
    expect((await refusal('big-memory')).message).toMatch(/starts with 32 MiB of memory, above its limit/);
  });

  it('load - refuses a module using an instruction the meter does not know, rather than run it unmetered', async () => {
    expect((await refusal('atomics')).message).toMatch(/cannot be sandboxed: unsupported instruction/);
  });

  it('load - refuses a declared phase without its export', async () => {
    expect((await refusal('trap', ['request', 'response'])).message).toMatch(/declares phase response but exports no function on_response/);
  });

  it('load - refuses bytes whose sha256 is not the expected one', async () => {
    const error: unknown = await loadWasmPlugin(manifest(), await watModule('trap'), { sha256: '00'.repeat(32) }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/does not match the expected/);
  });

  it('load - a start function that never ends is stopped by the meter: create fails, the process goes on', async () => {
    const definition = await loadWasmPlugin(parsePluginManifest({
      name: 'start-spin', version: '1.0.0', kind: 'wasm', priority: 0, phases: ['request'], configSchema: { type: 'object' }, limits: { timeoutMs: 20 },
    }), await watModule('start-spin'));
    const error: unknown = await Promise.resolve(definition.create({}, {
      pluginName: 'start-spin', log: { debug() {}, info() {}, warn() {}, error() {} }, switches: { get: () => undefined },
    })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WasmLoadError);
    expect((error as Error).message).toMatch(/cannot start an instance \(timeout\)/);
    expect(definition.stats().liveGuests).toBe(0);
  });

  it('load - prepareWasmModule reports the sha256 of the published bytes, and meters', async () => {
    const bytes = await watModule('trap');
    const prepared = await prepareWasmModule(manifest(), bytes);
    expect(prepared.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.metered).toBe(true);
  });
});
