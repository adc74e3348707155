/**
 * Builds an AssemblyScript plugin folder once per content: the .wasm is cached in the temp dir
 * under the sha256 of the plugin's and the PDK's sources, so test files share one compile.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWasmPlugin, type WasmPluginDefinition, type WasmPluginOptions } from '../../../core/wasm/index.js';
import { buildAssemblyScriptPlugin, readPluginManifest } from '../../../sdk/as-pdk/build-plugin.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;

function addSources(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) addSources(hash, path);
    else if (name.endsWith('.ts') || name.endsWith('.json')) hash.update(path).update(readFileSync(path));
  }
}

/** The module bytes of the AssemblyScript plugin in `dir` (built, or from the cache). */
export async function builtWasm(dir: string): Promise<Uint8Array> {
  const hash = createHash('sha256');
  addSources(hash, dir);
  addSources(hash, join(repoRoot, 'sdk', 'as-pdk', 'assembly'));
  // The compiler flags live there.
  hash.update(readFileSync(join(repoRoot, 'sdk', 'as-pdk', 'build-plugin.ts')));
  const cacheDir = join(tmpdir(), 'gantry-as-build-cache');
  const outFile = join(cacheDir, `${hash.digest('hex')}.wasm`);
  if (existsSync(outFile)) return new Uint8Array(await readFile(outFile));
  await mkdir(cacheDir, { recursive: true });
  return (await buildAssemblyScriptPlugin(dir, { outFile })).wasm;
}

/** The example plugin `plugins/<name>` built and loaded. */
export async function loadExamplePlugin(name: string, options: Partial<WasmPluginOptions> = {}): Promise<WasmPluginDefinition> {
  const dir = join(repoRoot, 'plugins', name);
  return loadWasmPlugin(await readPluginManifest(dir), await builtWasm(dir), options);
}
