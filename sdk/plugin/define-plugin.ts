import type { TSchema } from '@sinclair/typebox';
import type { PluginDefinition } from './plugin.js';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * Declares a plugin. Checks the manifest at definition time so a malformed plugin fails when it is
 * imported, not on the first request; returns the definition frozen.
 */
export function definePlugin<S extends TSchema>(definition: Omit<PluginDefinition<S>, 'apiVersion'>): PluginDefinition<S> {
  if (!NAME.test(definition.name)) {
    throw new TypeError(`plugin name "${definition.name}" must match ${NAME.source}`);
  }
  if (!SEMVER.test(definition.version)) {
    throw new TypeError(`plugin ${definition.name}: version "${definition.version}" is not semver`);
  }
  if (!Number.isInteger(definition.priority)) {
    throw new TypeError(`plugin ${definition.name}: priority must be an integer`);
  }
  return Object.freeze({ apiVersion: 1 as const, ...definition });
}
