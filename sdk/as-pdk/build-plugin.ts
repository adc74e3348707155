/**
 * Compiles an AssemblyScript plugin folder to its `.wasm` with the compiler in node_modules (its
 * programmatic API, in-process): entry `assembly/index.ts`, the Gantry PDK importable as "gantry",
 * the incremental runtime, and the PDK's abort handler (so the module imports no `env.abort`).
 * Used by `gantry plugin build`, `gantry plugin test` and the tests of the example plugins.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parsePluginManifest, type PluginManifest } from '../plugin/manifest.js';
import { gantryRoot } from './gantry-root.js';

/** The manifest file of a plugin folder. */
export const MANIFEST_FILE = 'gantry-plugin.json';

/** Entry of an AssemblyScript plugin, relative to its folder. */
export const AS_ENTRY = join('assembly', 'index.ts');

/** Options of {@link buildAssemblyScriptPlugin}. */
export interface BuildOptions {
  /** Where to write the module; default `<dir>/<manifest.main>`. */
  outFile: string | undefined;
  /** Run binaryen's optimizer (-O3); off makes a faster, larger debug build. */
  optimize: boolean;
}

/** What a build produced. */
export interface BuildResult {
  readonly manifest: PluginManifest;
  readonly wasm: Uint8Array;
  readonly outFile: string;
}

/** Thrown when the compiler reports errors; `message` holds its diagnostics. */
export class PluginBuildError extends Error {
  override readonly name = 'PluginBuildError';
  readonly code = 'GANTRY_PLUGIN_BUILD_FAILED';
}

/** Reads and checks `<dir>/gantry-plugin.json`. */
export async function readPluginManifest(dir: string): Promise<PluginManifest> {
  const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PluginBuildError(`${MANIFEST_FILE}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePluginManifest(json);
}

/** Compiles `<dir>/assembly/index.ts`; throws {@link PluginBuildError} with the compiler's diagnostics. */
export async function buildAssemblyScriptPlugin(dir: string, options: Partial<BuildOptions> = {}): Promise<BuildResult> {
  const folder = resolve(dir);
  const manifest = await readPluginManifest(folder);
  if (manifest.kind !== 'wasm') throw new PluginBuildError(`${MANIFEST_FILE}: kind is ${manifest.kind}; only wasm plugins are built with AssemblyScript`);
  const root = gantryRoot();
  const outFile = resolve(options.outFile ?? join(folder, manifest.main));
  const args = [
    join(folder, AS_ENTRY),
    '--outFile', outFile,
    '--path', join(root, 'sdk', 'as-pdk', 'assembly'),
    '--path', join(root, 'node_modules'),
    '--use', 'abort=~lib/gantry/run/gantryAbort',
    '--runtime', 'incremental',
    '--noColors',
    ...(options.optimize === false ? [] : ['-O3']),
  ];
  const { default: asc } = await import('assemblyscript/asc');
  let wasm: Uint8Array | undefined;
  const stderr = asc.createMemoryStream();
  const result = await asc.main(args, {
    stdout: asc.createMemoryStream(),
    stderr,
    writeFile: (filename, contents) => {
      if (typeof contents !== 'string' && resolve(folder, filename) === outFile) wasm = contents;
    },
  });
  if (result.error !== null || wasm === undefined) {
    throw new PluginBuildError(`${manifest.name}: AssemblyScript build failed:\n${stderr.toString()}${result.error?.message ?? ''}`);
  }
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, wasm);
  return { manifest, wasm, outFile };
}
