/**
 * The plugin manifest, shared by both kinds of plugin: what the registry stores next to the code,
 * what `gantry plugin new` scaffolds as `gantry-plugin.json`, and what a node reads before it loads
 * a module. For a TypeScript plugin it mirrors `definePlugin`'s fields; for a WASM plugin it is the
 * only description there is (the module itself carries no schema), plus its sandbox limits.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Type, type Static } from '@sinclair/typebox';
import type { ConfigIssue } from '../../core/config/config-issue.js';
import { deepFreeze, type DeepReadonly } from '../../core/config/deep-freeze.js';
import { issuesFromSchemaErrors } from '../../core/config/schema-issues.js';
import { checkSwitchDefinition } from '../../core/switches/switch-catalog.js';
import { switchScopeKinds, switchTypes, type SwitchDefinition } from '../../core/switches/switch-definition.js';

/** Phases a plugin may take part in; a WASM module exports `on_request`, `on_response`, `on_error` accordingly. */
export const pluginPhases = ['request', 'response', 'error'] as const;

/** One of {@link pluginPhases}. */
export type PluginPhase = (typeof pluginPhases)[number];

/** Defaults of a WASM plugin's sandbox limits, applied when the manifest leaves them out. */
export const defaultWasmLimits = Object.freeze({ timeoutMs: 100, memoryMiB: 16 });

const SwitchDefinitionSchema = Type.Object(
  {
    name: Type.String({ description: 'Dotted lower-case name starting with the plugin name and a dot.', minLength: 3, maxLength: 128 }),
    type: Type.Union(switchTypes.map((type) => Type.Literal(type)), { description: 'Value type of the switch.' }),
    default: Type.Union([Type.Boolean(), Type.Number(), Type.String()], { description: 'Value when none is set.' }),
    min: Type.Optional(Type.Number({ description: 'Lowest value, or shortest length of a string.' })),
    max: Type.Optional(Type.Number({ description: 'Highest value, or longest length of a string.' })),
    values: Type.Optional(Type.Array(Type.String(), { description: 'Allowed values of an enum.', minItems: 1 })),
    scopes: Type.Array(Type.Union(switchScopeKinds.map((kind) => Type.Literal(kind))), { description: 'Scopes a value may be set at.', minItems: 1 }),
    description: Type.String({ description: 'One line for `gantry switch list`.', minLength: 1 }),
    perPlugin: Type.Optional(Type.Boolean({ description: 'True when every value concerns one plugin.' })),
  },
  { additionalProperties: false, description: 'A switch the plugin reads (same shape as core/switches SwitchDefinition).' },
);

const WasmLimitsSchema = Type.Object(
  {
    timeoutMs: Type.Integer({
      description: 'Wall-clock budget of one guest call; a runaway guard, not a latency target (GC pauses count).',
      minimum: 1, maximum: 10_000, default: defaultWasmLimits.timeoutMs,
    }),
    memoryMiB: Type.Integer({ description: 'Largest linear memory of one instance, in MiB.', minimum: 1, maximum: 1024, default: defaultWasmLimits.memoryMiB }),
  },
  { additionalProperties: false, description: 'Sandbox limits of a WASM plugin.' },
);

/** JSON Schema (TypeBox) of a plugin manifest file. */
export const PluginManifestSchema = Type.Object(
  {
    apiVersion: Type.Literal(1, { description: 'Version of the plugin contract; 1 for now.', default: 1 }),
    name: Type.String({ description: 'Plugin name, unique in the registry.', pattern: '^[a-z0-9][a-z0-9._-]{0,62}$' }),
    version: Type.String({
      description: 'Semantic version of this build.',
      pattern: '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$',
    }),
    kind: Type.Union([Type.Literal('ts'), Type.Literal('wasm')], { description: 'ts: an ES module exporting a definePlugin result; wasm: an Extism module.' }),
    description: Type.Optional(Type.String({ description: 'One line saying what the plugin does.', maxLength: 512 })),
    priority: Type.Integer({ description: 'Higher runs first in the request phase.', minimum: -1_000_000, maximum: 1_000_000 }),
    phases: Type.Array(Type.Union(pluginPhases.map((phase) => Type.Literal(phase))), {
      description: 'Phases the plugin takes part in.', minItems: 1, uniqueItems: true,
    }),
    requestBody: Type.Optional(Type.Boolean({ description: 'When true the gateway buffers the request body and hands it to the plugin.' })),
    configSchema: Type.Object({}, {
      additionalProperties: true, description: 'JSON Schema of the per-binding config; defaults in it are applied.',
    }),
    switches: Type.Optional(Type.Array(SwitchDefinitionSchema, { description: 'Switches the plugin reads.' })),
    limits: Type.Optional(WasmLimitsSchema),
    main: Type.Optional(Type.String({
      description: 'File of the code next to the manifest: plugin.wasm (wasm) or plugin.js (ts) when left out.',
      pattern: '^[A-Za-z0-9._-]+$',
    })),
  },
  { additionalProperties: false, description: 'A plugin manifest (gantry-plugin.json).' },
);

type ManifestDocument = Static<typeof PluginManifestSchema>;

/** Sandbox limits of a WASM plugin, defaults filled in. */
export interface WasmLimits {
  readonly timeoutMs: number;
  readonly memoryMiB: number;
}

/**
 * A validated manifest, frozen, defaults filled in. `limits` is always set for `kind: 'wasm'` and
 * never for `kind: 'ts'`; `main` is always set.
 */
export interface PluginManifest {
  readonly apiVersion: 1;
  readonly name: string;
  readonly version: string;
  readonly kind: 'ts' | 'wasm';
  readonly description?: string;
  readonly priority: number;
  readonly phases: readonly PluginPhase[];
  readonly requestBody?: boolean;
  /** A JSON Schema object; validated by the gateway's Ajv like a TypeBox schema. */
  readonly configSchema: DeepReadonly<Record<string, unknown>>;
  readonly switches?: readonly SwitchDefinition[];
  readonly limits?: WasmLimits;
  readonly main: string;
}

/** Thrown by {@link parsePluginManifest}; the message and `issues` name every bad field. */
export class PluginManifestError extends Error {
  override readonly name = 'PluginManifestError';
  readonly code = 'GANTRY_PLUGIN_MANIFEST_INVALID';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`invalid plugin manifest: ${issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ')}`);
  }
}

// Compiled on first use: importing the SDK must not cost a schema compile.
let validateManifest: ValidateFunction | undefined;
// A separate instance compiles the plugins' own schemas, so a bad one cannot pollute the manifest's.
let configSchemaAjv: Ajv | undefined;

function manifestValidator(): ValidateFunction {
  validateManifest ??= new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, verbose: true, strict: false }).compile(PluginManifestSchema);
  return validateManifest;
}

/** Rules Ajv cannot express: cross-field ones and the config schema being a schema at all. */
function meaningIssues(manifest: ManifestDocument): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (manifest.kind === 'ts' && manifest.limits !== undefined) {
    issues.push({ path: 'limits', message: 'only applies to kind wasm (a TypeScript plugin runs unsandboxed)' });
  }
  manifest.switches?.forEach((definition, index) => {
    const at = `switches[${index}]`;
    if (!definition.name.startsWith(`${manifest.name}.`)) {
      issues.push({ path: `${at}.name`, message: `must start with the plugin name and a dot ("${manifest.name}.")` });
      return;
    }
    try {
      checkSwitchDefinition(definition as SwitchDefinition);
    } catch (error) {
      issues.push({ path: at, message: error instanceof Error ? error.message : String(error) });
    }
  });
  try {
    configSchemaAjv ??= new Ajv({ strict: false });
    configSchemaAjv.compile(manifest.configSchema);
  } catch (error) {
    issues.push({ path: 'configSchema', message: `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}` });
  }
  return issues;
}

/**
 * Checks a parsed manifest document (e.g. `JSON.parse` of gantry-plugin.json) and returns it frozen
 * with defaults filled in (`apiVersion`, `limits` for wasm, `main`). The input is not changed.
 * Throws a {@link PluginManifestError} naming each bad field, e.g. `limits.timeoutMs: must be <= 10000`.
 */
export function parsePluginManifest(json: unknown): PluginManifest {
  const draft: unknown = structuredClone(json);
  if (typeof draft !== 'object' || draft === null || Array.isArray(draft)) {
    throw new PluginManifestError([{ path: '', message: 'must be a JSON object' }]);
  }
  const record = draft as Record<string, unknown>;
  // Defaults of an optional object are only applied by Ajv when it is present.
  if (record.kind === 'wasm' && record.limits === undefined) record.limits = {};
  const validate = manifestValidator();
  if (!validate(draft)) {
    throw new PluginManifestError(issuesFromSchemaErrors((validate.errors ?? []) as ErrorObject[], draft));
  }
  const manifest = draft as ManifestDocument;
  const issues = meaningIssues(manifest);
  if (issues.length > 0) throw new PluginManifestError(issues);
  const main = manifest.main ?? (manifest.kind === 'wasm' ? 'plugin.wasm' : 'plugin.js');
  return deepFreeze({ ...manifest, main }) as PluginManifest;
}

/** The phases as a set of flags, for building hooks. */
export function hasPhase(manifest: Pick<PluginManifest, 'phases'>, phase: PluginPhase): boolean {
  return manifest.phases.includes(phase);
}
