/**
 * The switches every node knows. Names under `gantry.` are reserved for these; the values they take
 * effect through are wired in `switch-effects.ts` (log level, digest sampling) and
 * `api-switch-state.ts` (offline, degrade, plugin enabled).
 */
import type { SwitchDefinition } from './switch-definition.js';

/** Names of the built-in switches, for code that reads them. */
export const BuiltinSwitchNames = Object.freeze({
  logLevel: 'gantry.log.level',
  digestSamplePercent: 'gantry.digest.sample-percent',
  apiOffline: 'gantry.api.offline',
  apiDegrade: 'gantry.api.degrade',
  pluginEnabled: 'gantry.plugin.enabled',
} as const);

/** Every built-in switch, in the order `gantry switch list` shows them. */
export const builtinSwitches: readonly SwitchDefinition[] = Object.freeze([
  {
    name: BuiltinSwitchNames.logLevel,
    type: 'enum',
    values: ['debug', 'info', 'warn', 'error'],
    default: 'info',
    scopes: ['global', 'node'],
    description: 'Lowest error-log level written; applies at once. Unset: the level the node was started with.',
  },
  {
    name: BuiltinSwitchNames.digestSamplePercent,
    type: 'percent',
    default: 100,
    scopes: ['global', 'node'],
    description: 'Share of successful calls written to the digest log; failures are always written.',
  },
  {
    name: BuiltinSwitchNames.apiOffline,
    type: 'bool',
    default: false,
    scopes: ['global', 'group', 'api'],
    description: 'Take APIs offline: calls are answered 3000 RouterNotFound, as for an API that is not published; no plugin runs.',
  },
  {
    name: BuiltinSwitchNames.apiDegrade,
    type: 'bool',
    default: false,
    scopes: ['global', 'group', 'api'],
    description: "Degrade APIs to a mock: the API's `degrade` answer (default 200, empty body, result 1100) instead of its backend; plugins still run.",
  },
  {
    name: BuiltinSwitchNames.pluginEnabled,
    type: 'bool',
    default: true,
    scopes: ['global', 'group', 'api'],
    perPlugin: true,
    description: 'Run a plugin (--plugin NAME) where it is bound; false skips it in every phase, as if unbound.',
  },
] satisfies SwitchDefinition[]);
