/**
 * How plugins are attached: a `PluginRef` inside one API's `plugins` list, or a `Binding` at the top
 * level that attaches a plugin globally, to a group, or to one API. Both carry the same settings;
 * the plugin's own `config` is only checked here for being an object, the snapshot compiler checks
 * it against the plugin's schema.
 */
import { Type } from '@sinclair/typebox';
import { pluginRefPattern } from './plugin-ref.js';
import { openObject, stringEnum, strictObject } from './schema-builders.js';
import { headerName, nameDef } from './schema-defs.js';

/** Where a binding applies. */
export const bindingScopes = ['global', 'group', 'api'] as const;

/** Bound of a priority override; far beyond any built-in plugin's priority. */
const priorityLimit = 1_000_000;

/** What a failing plugin call does: `closed` answers 7777, `open` continues as if it were not there. */
export const failurePolicies = ['closed', 'open'] as const;

/** `name`, `name@1.2.3` or `name@^1.2`; the range is checked by the semantic pass. */
function pluginRefDef(description: string) {
  return Type.String({ description, pattern: pluginRefPattern });
}

/** Calls whose header or query parameter has one of `values` go to this entry's version. */
const VersionLabelSchema = strictObject(
  {
    header: Type.Optional(headerName('Request header read (case-insensitive).')),
    query: Type.Optional(Type.String({ description: 'Query parameter read.', minLength: 1, maxLength: 128 })),
    values: Type.Array(Type.String({ maxLength: 256 }), { description: 'Values that select this version.', minItems: 1, maxItems: 64 }),
  },
  { title: 'VersionLabel', description: 'Selects a version by a request label: exactly one of `header` or `query`, and the values.' },
);

/** One version of a gray release. */
const VersionSplitSchema = strictObject(
  {
    version: Type.String({ description: 'A version (1.3.0) or range (^1.3) of the plugin.', minLength: 1, maxLength: 64 }),
    weight: Type.Integer({ description: 'Relative share of the calls no label selected (90 and 10: nine calls in ten).', minimum: 0, maximum: 10_000, default: 0 }),
    when: Type.Optional(VersionLabelSchema),
  },
  { title: 'VersionSplit', description: 'A version of the plugin and which calls it serves.' },
);

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
    failurePolicy: stringEnum(failurePolicies, {
      description: 'When a call of the plugin fails (throws, traps, times out, is unavailable): `closed` answers 7777, `open` continues the chain without it.',
      default: 'closed',
    }),
    versions: Type.Optional(
      Type.Array(VersionSplitSchema, {
        description: 'Gray release: splits calls between versions by weight or by request label; the plugin is then named without `@`.',
        minItems: 1,
        maxItems: 16,
      }),
    ),
  };
}

/** A plugin attached to one API, in that API's `plugins` list. */
export const PluginRefSchema = strictObject(
  {
    name: pluginRefDef('The plugin: `name` (newest version), `name@1.2.3` or `name@^1.2` (newest in the range).'),
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
    plugin: pluginRefDef('The plugin: `name` (newest version), `name@1.2.3` or `name@^1.2` (newest in the range).'),
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
