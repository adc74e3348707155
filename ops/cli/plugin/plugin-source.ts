/**
 * What `gantry plugin publish` reads: a plugin directory (its manifest, `gantry-plugin.json` or
 * `manifest.json`, and the module the manifest's `main` names) or one file (the manifest itself, or
 * the module, with the manifest in the same directory).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parsePluginManifest, PluginManifestError, type PluginManifest } from '../../../sdk/plugin/manifest.js';
import { CliError } from '../cli-args.js';

/** Manifest file names looked for, in this order. */
export const manifestFileNames = ['gantry-plugin.json', 'manifest.json'] as const;

/** A plugin ready to publish. */
export interface PluginSource {
  readonly manifest: PluginManifest;
  readonly module: Uint8Array;
  readonly manifestPath: string;
  readonly modulePath: string;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function manifestIn(dir: string): Promise<string> {
  for (const name of manifestFileNames) if (await exists(join(dir, name))) return join(dir, name);
  throw new CliError(`no ${manifestFileNames.join(' or ')} in ${dir}`);
}

/** Reads and checks the plugin at `path`; a CliError names the file and field at fault. */
export async function readPluginSource(path: string): Promise<PluginSource> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new CliError(`${path}: no such file or directory`);
  const manifestPath = info.isDirectory() ? await manifestIn(path) : path.endsWith('.json') ? path : await manifestIn(dirname(path));
  let manifest: PluginManifest;
  try {
    manifest = parsePluginManifest(JSON.parse(await readFile(manifestPath, 'utf8')));
  } catch (error) {
    if (error instanceof PluginManifestError || error instanceof SyntaxError) throw new CliError(`${manifestPath}: ${error.message}`);
    throw error;
  }
  const modulePath = !info.isDirectory() && !path.endsWith('.json') ? path : join(dirname(manifestPath), manifest.main);
  if (!info.isDirectory() && !path.endsWith('.json') && basename(path) !== manifest.main) {
    throw new CliError(`${path}: the manifest ${manifestPath} names "${manifest.main}" as its module`);
  }
  const module = await readFile(modulePath).catch((error: unknown) => {
    throw new CliError(`${modulePath}: ${error instanceof Error ? error.message : String(error)} (the manifest's main; run "gantry plugin build" first?)`);
  });
  return { manifest, module: new Uint8Array(module), manifestPath, modulePath };
}
