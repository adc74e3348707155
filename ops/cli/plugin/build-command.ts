/**
 * `gantry plugin build [DIR]`: builds the plugin in DIR (default `.`) into the file its manifest's
 * `main` names — AssemblyScript (`assembly/index.ts`) to `plugin.wasm` with the SDK's build helper,
 * TypeScript (`plugin.ts`) to `plugin.js`, a self-contained ES module (a node imports it from its
 * data directory, so it may import types from the SDK but nothing at run time). Also the loading
 * step `gantry plugin test` shares.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import type TypeScript from 'typescript';
import { loadWasmPlugin } from '../../../core/wasm/index.js';
import { buildAssemblyScriptPlugin, readPluginManifest, PluginBuildError, AS_ENTRY } from '../../../sdk/as-pdk/build-plugin.js';
import { PluginManifestError, type PluginManifest } from '../../../sdk/plugin/manifest.js';
import type { PluginContext, PluginDefinition, PluginInstance } from '../../../sdk/plugin/plugin.js';
import { CliError, parseVerbLine } from '../cli-args.js';

export const buildUsage = `gantry plugin build [DIR]
  Builds the plugin in DIR (default: the current directory) into the file its gantry-plugin.json
  names as main: assembly/index.ts -> plugin.wasm (AssemblyScript), plugin.ts -> plugin.js (TypeScript).`;

/** Entry of a TypeScript plugin, relative to its folder. */
export const TS_ENTRY = 'plugin.ts';

/** What a build wrote. */
export interface BuiltPlugin {
  readonly manifest: PluginManifest;
  readonly outFile: string;
  readonly bytes: Uint8Array;
}

async function manifestOf(dir: string): Promise<PluginManifest> {
  try {
    return await readPluginManifest(dir);
  } catch (error) {
    if (error instanceof PluginManifestError || error instanceof PluginBuildError) throw new CliError(`${join(dir, 'gantry-plugin.json')}: ${error.message}`);
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${dir}: no gantry-plugin.json (create a plugin with "gantry plugin new NAME")`);
    throw error;
  }
}

/** Transpiles `plugin.ts` alone (no type check: run tsc for that); type-only imports vanish. */
async function buildTypeScript(dir: string, manifest: PluginManifest): Promise<BuiltPlugin> {
  const source = await readFile(join(dir, TS_ENTRY), 'utf8');
  let ts: typeof TypeScript;
  try {
    ts = (await import('typescript')).default;
  } catch {
    throw new CliError('building a TypeScript plugin needs the typescript package (npm install typescript)');
  }
  const result = ts.transpileModule(source, {
    fileName: TS_ENTRY,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new CliError(`${TS_ENTRY}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  }
  const outFile = join(dir, manifest.main);
  const bytes = Buffer.from(result.outputText, 'utf8');
  await writeFile(outFile, bytes);
  return { manifest, outFile, bytes: new Uint8Array(bytes) };
}

/** Builds the plugin in `dir`; a CliError says what is wrong. */
export async function buildPlugin(dir: string): Promise<BuiltPlugin> {
  const folder = resolve(dir);
  const manifest = await manifestOf(folder);
  if (manifest.kind === 'ts') {
    if (!existsSync(join(folder, TS_ENTRY))) throw new CliError(`${folder}: a TypeScript plugin needs ${TS_ENTRY}`);
    return buildTypeScript(folder, manifest);
  }
  if (!existsSync(join(folder, AS_ENTRY))) throw new CliError(`${folder}: an AssemblyScript plugin needs ${AS_ENTRY}`);
  try {
    const built = await buildAssemblyScriptPlugin(folder);
    return { manifest, outFile: built.outFile, bytes: built.wasm };
  } catch (error) {
    if (error instanceof PluginBuildError) throw new CliError(error.message);
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The plugin as the gateway would run it: a built WASM module through the sandboxed runtime, or a
 * TypeScript module's default export (schema from the module, else from the manifest).
 */
export async function loadBuiltPlugin(built: BuiltPlugin): Promise<PluginDefinition> {
  const { manifest } = built;
  if (manifest.kind === 'wasm') return loadWasmPlugin(manifest, built.bytes);
  // A fresh URL per load, so a rebuilt module is imported again rather than taken from the cache.
  const loaded: unknown = await import(`${pathToFileURL(built.outFile).href}?t=${Date.now()}`);
  const exported = isRecord(loaded) ? (loaded.default ?? loaded.plugin) : undefined;
  if (!isRecord(exported) || typeof exported.create !== 'function') throw new CliError(`${built.outFile}: the default export is not a plugin (no create function)`);
  if (exported.name !== manifest.name || exported.version !== manifest.version) {
    throw new CliError(`${built.outFile}: declares ${String(exported.name)}@${String(exported.version)}, the manifest ${manifest.name}@${manifest.version}`);
  }
  const create = exported.create as (config: unknown, context: PluginContext) => PluginInstance | Promise<PluginInstance>;
  return {
    apiVersion: 1,
    name: manifest.name,
    version: manifest.version,
    priority: manifest.priority,
    schema: (isRecord(exported.schema) ? exported.schema : manifest.configSchema) as TSchema,
    ...(manifest.requestBody === undefined ? {} : { requestBody: manifest.requestBody }),
    ...(manifest.switches === undefined ? {} : { switches: manifest.switches }),
    create: (config, context) => create(config, context),
  };
}

/** Runs `gantry plugin build`. */
export async function runBuildCommand(args: string[]): Promise<number> {
  const { positionals } = parseVerbLine(args, {}, 1);
  const built = await buildPlugin(positionals[0] ?? '.');
  process.stdout.write(`built ${built.manifest.name}@${built.manifest.version} (${built.manifest.kind}): ${built.outFile} (${built.bytes.length} bytes)\n`);
  return 0;
}
