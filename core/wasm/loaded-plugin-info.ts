import type { PluginDefinition } from '../../sdk/plugin/plugin.js';
import { isWasmPluginDefinition } from './load-wasm-plugin.js';
import type { LoadedPluginInfo } from './types.js';

/**
 * What node status reports about any definition in the catalog: a WASM one carries its module's
 * sha256; a TypeScript one gets `tsSha256` from whoever loaded its code ('' for built-ins).
 */
export function loadedPluginInfo(definition: PluginDefinition, tsSha256 = ''): LoadedPluginInfo {
  if (isWasmPluginDefinition(definition)) return definition.info;
  return { name: definition.name, version: definition.version, kind: 'ts', sha256: tsSha256 };
}
