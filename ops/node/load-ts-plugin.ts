/**
 * Loads a TypeScript plugin from its published module: the bytes are written to a private file
 * (mode 0600 in a 0700 directory, named by name, version and sha256, so a new version is a new
 * module and never a cached old one), imported, and the file removed. The module's default export (or its `plugin` export) must be a
 * plugin definition whose name and version are the manifest's. Each loaded version stays in Node's
 * module cache for the life of the process (ES modules cannot be unloaded); its instances are
 * created and closed like any plugin's.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import type { PluginManifest } from '../../sdk/plugin/manifest.js';
import type { PluginContext, PluginDefinition, PluginInstance } from '../../sdk/plugin/plugin.js';

/** Thrown when the module is not a plugin, or not the plugin its manifest names. */
export class TsPluginLoadError extends Error {
  override readonly name = 'TsPluginLoadError';
  readonly code = 'GANTRY_TS_PLUGIN_LOAD_FAILED';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Imports `module` (written under `dir`) and returns its definition, checked against `manifest`. */
export async function loadTsPlugin(manifest: PluginManifest, module: Uint8Array, dir: string, sha256: string): Promise<PluginDefinition> {
  const label = `${manifest.name}@${manifest.version}`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${label}-${sha256.slice(0, 16)}.mjs`);
  await writeFile(file, module, { mode: 0o600 });
  let loaded: unknown;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new TsPluginLoadError(`${label}: the module does not load: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // Imported (or failed): Node holds the module by its URL now; the file is no longer needed.
    await rm(file, { force: true });
  }
  return tsPluginDefinition(manifest, loaded);
}

/**
 * The plugin definition an imported module exports (its default export, or `plugin`), checked
 * against `manifest`: name and version must match; schema and priority fall back to the manifest's.
 * Shared by the node's loader and anything else that imports a built TypeScript plugin.
 */
export function tsPluginDefinition(manifest: PluginManifest, loaded: unknown): PluginDefinition {
  const label = `${manifest.name}@${manifest.version}`;
  const exported = isRecord(loaded) ? (loaded.default ?? loaded.plugin) : undefined;
  if (!isRecord(exported) || typeof exported.create !== 'function') throw new TsPluginLoadError(`${label}: the module's default export is not a plugin (no create function)`);
  if (exported.name !== manifest.name || exported.version !== manifest.version) {
    throw new TsPluginLoadError(`${label}: the module declares ${String(exported.name)}@${String(exported.version)}, not what its manifest says`);
  }
  const create = exported.create as (config: unknown, context: PluginContext) => PluginInstance | Promise<PluginInstance>;
  const schema = (isRecord(exported.schema) ? exported.schema : manifest.configSchema) as TSchema;
  return Object.freeze({
    apiVersion: 1 as const,
    name: manifest.name,
    version: manifest.version,
    priority: typeof exported.priority === 'number' ? exported.priority : manifest.priority,
    schema,
    requestBody: exported.requestBody === true || manifest.requestBody === true,
    ...(manifest.switches === undefined ? {} : { switches: manifest.switches }),
    create: (config: unknown, context: PluginContext) => create(config, context),
  });
}
