/**
 * From published bytes to a compiled, sandboxed module: check what the module imports and exports,
 * add the meter, cap its memory, compile once. Instances are then made from the compiled module in
 * ~0.1 ms, so replacing a trapped or worn-out instance is cheap. The registry can run this at
 * publish time to refuse a module no node would load.
 */
import { createHash } from 'node:crypto';
import type { PluginManifest, PluginPhase, WasmLimits } from '../../sdk/plugin/manifest.js';
import { loadBinaryen } from './binaryen-loader.js';
import { EXTISM_ENV, USER_MODULE, hostFunctionNames } from './host-functions.js';
import { capMemory } from './memory-limit.js';
import { METER_IMPORT_MODULE } from './meter-clock.js';
import { START_EXPORT, meterModule } from './meter-module.js';
import { wasmApi, type CompiledModule } from './wasm-api.js';

/** The export each phase calls. */
export const phaseExports: Readonly<Record<PluginPhase, string>> = Object.freeze({
  request: 'on_request',
  response: 'on_response',
  error: 'on_error',
});

/** Why a module was refused; `code` is stable for callers and audit. */
export class WasmLoadError extends Error {
  override readonly name = 'WasmLoadError';
  readonly code = 'GANTRY_WASM_LOAD_FAILED';

  constructor(readonly plugin: string, message: string, options?: { cause?: unknown }) {
    super(`plugin ${plugin}: ${message}`, options);
  }
}

/** A module ready to instantiate. */
export interface PreparedWasmModule {
  /** The metered, memory-capped module, compiled. */
  readonly module: CompiledModule;
  /** sha256 (hex) of the bytes as published. */
  readonly sha256: string;
  /** Whether the meter was added (always, except in benchmarks). */
  readonly metered: boolean;
  /** Whether the module has start code the host must run under the meter after instantiating (`__gantry_start`). */
  readonly deferredStart: boolean;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const allowedUserImports = new Set<string>(hostFunctionNames);

function checkImports(name: string, module: CompiledModule): void {
  for (const entry of wasmApi.Module.imports(module)) {
    const where = `${entry.module}.${entry.name}`;
    if (entry.kind !== 'function') throw new WasmLoadError(name, `imports ${entry.kind} ${where}; only functions may be imported`);
    if (entry.module === EXTISM_ENV) continue;
    if (entry.module === USER_MODULE && allowedUserImports.has(entry.name)) continue;
    if (entry.module === METER_IMPORT_MODULE) throw new WasmLoadError(name, `imports ${where}, which belongs to the gateway's meter`);
    throw new WasmLoadError(name, `imports ${where}, which the gateway does not offer (no WASI, network or file system; see sdk/ABI.md)`);
  }
}

function checkExports(manifest: PluginManifest, module: CompiledModule): void {
  const functions = new Set(wasmApi.Module.exports(module).filter((entry) => entry.kind === 'function').map((entry) => entry.name));
  for (const phase of manifest.phases) {
    const wanted = phaseExports[phase];
    if (!functions.has(wanted)) throw new WasmLoadError(manifest.name, `declares phase ${phase} but exports no function ${wanted}`);
  }
}

async function compile(name: string, bytes: Uint8Array, what: string): Promise<CompiledModule> {
  try {
    return await wasmApi.compile(bytes);
  } catch (error) {
    throw new WasmLoadError(name, `${what} is not a valid WebAssembly module: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Checks and prepares `bytes` for `manifest` (kind wasm): valid module, only the imports the
 * gateway offers, an export per declared phase; then meters it (unless `metering` is false) and caps
 * its memory at `limits.memoryMiB`. Throws a {@link WasmLoadError} saying what is wrong.
 */
export async function prepareWasmModule(manifest: PluginManifest, bytes: Uint8Array, metering = true): Promise<PreparedWasmModule> {
  const name = manifest.name;
  if (manifest.kind !== 'wasm') throw new WasmLoadError(name, `manifest kind is ${manifest.kind}, not wasm`);
  const limits = manifest.limits as WasmLimits;
  const sha256 = sha256Hex(bytes);
  const original = await compile(name, bytes, 'the file');
  checkImports(name, original);
  checkExports(manifest, original);
  let rewritten: Uint8Array = bytes;
  try {
    if (metering) rewritten = meterModule(await loadBinaryen(), bytes);
    rewritten = capMemory(rewritten, limits.memoryMiB);
  } catch (error) {
    throw new WasmLoadError(name, `cannot be sandboxed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const module = await compile(name, rewritten, 'the sandboxed module');
  const deferredStart = metering && wasmApi.Module.exports(module).some((entry) => entry.name === START_EXPORT);
  return { module, sha256, metered: metering, deferredStart };
}
