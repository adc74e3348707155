/**
 * `gantry serve --plugin DIR`: plugin folders on disk added to the node's catalog before its first
 * config is compiled. A folder holds the manifest (`gantry-plugin.json` or `manifest.json`, as
 * `gantry plugin publish` reads) and the built module its `main` names (`plugin.wasm` or
 * `plugin.js`). Nothing is built here: a folder without its module is refused with the command that
 * builds it. Local plugins are trusted because the operator named them: no signature is checked,
 * and a TypeScript one runs unsandboxed in the gateway process, like a built-in.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { loadWasmPlugin } from '../../core/wasm/index.js';
import { AS_ENTRY } from '../../sdk/as-pdk/build-plugin.js';
import { parsePluginManifest, PluginManifestError, type PluginManifest } from '../../sdk/plugin/manifest.js';
import type { PluginDefinition } from '../../sdk/plugin/plugin.js';
import { tsPluginDefinition } from '../node/load-ts-plugin.js';
import { TS_ENTRY } from './plugin/build-command.js';
import { manifestFileNames } from './plugin/plugin-source.js';

/** Environment variable listing plugin folders, colon-separated, used when no `--plugin` is given. */
export const PLUGIN_DIRS_ENV = 'GANTRY_PLUGIN_DIRS';

/** A plugin folder that cannot be loaded; `serve` prints it and exits 2. */
export class LocalPluginError extends Error {
  override readonly name = 'LocalPluginError';
  readonly code = 'GANTRY_LOCAL_PLUGIN';

  constructor(readonly dir: string, problem: string) {
    super(`--plugin ${dir}: ${problem}`);
  }
}

/** One plugin loaded from a folder. */
export interface LocalPlugin {
  readonly dir: string;
  readonly definition: PluginDefinition;
  readonly manifest: PluginManifest;
}

/**
 * The folders `--plugin` names (repeatable, each comma-separated), else those of
 * GANTRY_PLUGIN_DIRS (colon-separated); empty entries are skipped.
 */
export function localPluginDirs(flag: unknown, env: string | undefined = process.env[PLUGIN_DIRS_ENV]): string[] {
  const given = typeof flag === 'string' ? [flag] : Array.isArray(flag) ? flag.filter((v): v is string => typeof v === 'string') : [];
  const dirs = given.length > 0 ? given.flatMap((v) => v.split(',')) : (env ?? '').split(':');
  return dirs.map((d) => d.trim()).filter((d) => d !== '');
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function manifestOf(dir: string): Promise<PluginManifest> {
  for (const name of manifestFileNames) {
    const path = join(dir, name);
    if (!(await isFile(path))) continue;
    try {
      return parsePluginManifest(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      if (error instanceof PluginManifestError || error instanceof SyntaxError) throw new LocalPluginError(dir, `${name}: ${error.message}`);
      throw error;
    }
  }
  throw new LocalPluginError(dir, `no ${manifestFileNames.join(' or ')} in it`);
}

/** Why the module is missing, and what to run: a source folder only needs building. */
async function missingModule(dir: string, manifest: PluginManifest): Promise<LocalPluginError> {
  const source = manifest.kind === 'wasm' ? AS_ENTRY : TS_ENTRY;
  const built = await isFile(join(dir, source));
  return new LocalPluginError(dir, built
    ? `${manifest.main} is missing: build it first with "gantry plugin build ${dir}"`
    : `${manifest.main} (the manifest's main) is missing`);
}

/** Loads the plugin in `dir`; a {@link LocalPluginError} names the folder and what is wrong. */
export async function loadLocalPlugin(dir: string): Promise<LocalPlugin> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new LocalPluginError(dir, 'no such directory');
  if (!info.isDirectory()) throw new LocalPluginError(dir, 'not a directory (give the plugin folder, which holds gantry-plugin.json)');
  const manifest = await manifestOf(dir);
  const modulePath = resolve(dir, manifest.main);
  if (!(await isFile(modulePath))) throw await missingModule(dir, manifest);
  try {
    const definition = manifest.kind === 'wasm'
      ? await loadWasmPlugin(manifest, new Uint8Array(await readFile(modulePath)))
      : tsPluginDefinition(manifest, await import(pathToFileURL(modulePath).href));
    return { dir, definition, manifest };
  } catch (error) {
    throw new LocalPluginError(dir, `${manifest.main}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Loads every folder of `dirs` into `catalog`. A plugin whose name the catalog already holds (a
 * built-in, or another folder) is refused: a local plugin never silently replaces one.
 */
export async function addLocalPlugins(catalog: PluginCatalog, dirs: readonly string[]): Promise<LocalPlugin[]> {
  const loaded: LocalPlugin[] = [];
  for (const dir of dirs) {
    const plugin = await loadLocalPlugin(dir);
    const { name } = plugin.manifest;
    const earlier = loaded.find((p) => p.manifest.name === name);
    if (earlier !== undefined) throw new LocalPluginError(dir, `plugin ${name} is also loaded from ${earlier.dir}`);
    if (catalog.versions(name).length > 0) throw new LocalPluginError(dir, `plugin ${name} is built into gantry; give the local plugin another name`);
    catalog.register(plugin.definition, { source: 'builtin' });
    loaded.push(plugin);
  }
  return loaded;
}

/**
 * `serve`'s step: loads the folders of `--plugin` / GANTRY_PLUGIN_DIRS into `catalog` and says
 * what it loaded (once per node: workers stay quiet). Returns 2 after printing why when a folder is
 * refused, else undefined.
 */
export async function serveLocalPlugins(catalog: PluginCatalog, flag: unknown, quiet: boolean): Promise<2 | undefined> {
  try {
    for (const { dir, manifest } of await addLocalPlugins(catalog, localPluginDirs(flag))) {
      if (!quiet) process.stdout.write(`gantry: local plugin ${manifest.name}@${manifest.version} (${manifest.kind}) from ${dir}\n`);
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof LocalPluginError)) throw error;
    process.stderr.write(`gantry serve: ${error.message}\n`);
    return 2;
  }
}
