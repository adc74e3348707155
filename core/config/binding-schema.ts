/**
 * How plugins are attached: a `PluginRef` inside one API's `plugins` list, or a `Binding` at the top
 * level that attaches a plugin globally, to a group, or to one API. Both carry the same settings;
 * the plugin's own `config` is only checked here for being an object, the snapshot compiler checks
 * it against the plugin's schema.
 */
import { Type } from '@sinclair/typebox';
import { openObject, stringEnum, strictObject } from './schema-builders.js';
import { nameDef } from './schema-defs.js';

/** Where a binding applies. */
export const bindingScopes = ['global', 'group', 'api'] as const;

/** Bound of a priority override; far beyond any built-in plugin's priority. */
const priorityLimit = 1_000_000;

/** Settings shared by an API's plugin reference and a top-level binding. */
function pluginSettings() {
  return {
    config: openObject({
      description: 'The plugin\'s own configuration, checked against the plugin\'s schema when the snapshot is compiled.',
      default: {},
    }),
    enabled: Type.Boolean({ description: 'False keeps the entry in the config but does not run the plugin.', default: true }),
    priority: Type.Optional(
      Type.Integer({
        description: 'Overrides the plugin\'s own priority (higher runs first in the request phase).',
        minimum: -priorityLimit,
        maximum: priorityLimit,
      }),
    ),
  };
}

/** A plugin attached to one API, in that API's `plugins` list. */
export const PluginRefSchema = strictObject(
  {
    name: nameDef('Name of the plugin.'),
    ...pluginSettings(),
  },
  { title: 'PluginRef', description: 'A plugin run for this API.' },
);

/**
 * A plugin attached globally, to a group, or to one API. The fields a scope needs are required by
 * the `allOf` rules below; fields a scope does not use are refused by the semantic pass, where the
 * message can say why.
 */
export const BindingSchema = strictObject(
  {
    id: Type.Optional(
      nameDef('Binding id, unique among bindings. Absent: the snapshot compiler derives one.'),
    ),
    plugin: nameDef('Name of the plugin.'),
    scope: stringEnum(bindingScopes, {
      description: '`global`: every API; `group`: every API of `group`; `api`: the API named `api` in `group`.',
    }),
    group: Type.Optional(nameDef('Group the binding applies to; required when scope is `group` or `api`.')),
    api: Type.Optional(nameDef('API the binding applies to, within `group`; required when scope is `api`.')),
    ...pluginSettings(),
  },
  {
    title: 'Binding',
    description: 'A plugin attached globally, to a group or to one API.',
    allOf: [
      { if: { properties: { scope: { const: 'group' } }, required: ['scope'] }, then: { required: ['group'] } },
      { if: { properties: { scope: { const: 'api' } }, required: ['scope'] }, then: { required: ['group', 'api'] } },
    ],
  },
);
