/**
 * What a dynamic switch is: its declared definition. A leaf module (imports nothing) so the SDK can
 * hand the type to plugin authors and the CLI can validate without loading the data plane.
 */

/** The value types a switch can have. `percent` is a number in 0–100 (fractions allowed). */
export const switchTypes = ['bool', 'int', 'number', 'string', 'enum', 'percent'] as const;

/** One of {@link switchTypes}. */
export type SwitchType = (typeof switchTypes)[number];

/**
 * Where a value can be set. Resolution for a call goes node > api > group > global > default: the
 * most specific value set wins (a node value lets ops act on one machine of the fleet).
 */
export const switchScopeKinds = ['global', 'group', 'api', 'node'] as const;

/** One of {@link switchScopeKinds}. */
export type SwitchScopeKind = (typeof switchScopeKinds)[number];

/** A switch value once validated: JSON scalars only, so it travels and compares as is. */
export type SwitchValue = boolean | number | string;

/** A declared switch. Built-in ones live in `builtin-switches.ts`; plugins declare theirs. */
export interface SwitchDefinition {
  /**
   * Dotted lower-case name, at least two segments (`gantry.log.level`, `cors.strict`). `gantry.*`
   * belongs to the gateway; a plugin's switches start with its own name and a dot.
   */
  readonly name: string;
  readonly type: SwitchType;
  /** The value when none is set at any scope; must itself be valid. */
  readonly default: SwitchValue;
  /** Lowest value (`int`, `number`, `percent`) or shortest length (`string`). */
  readonly min?: number;
  /** Highest value (`int`, `number`, `percent`) or longest length (`string`). */
  readonly max?: number;
  /** The allowed values of an `enum`. */
  readonly values?: readonly string[];
  /** Scopes a value may be set at; anything else is refused. */
  readonly scopes: readonly SwitchScopeKind[];
  /** One line for `gantry switch list`. */
  readonly description: string;
  /**
   * True when every value concerns one plugin, named next to the scope (`--plugin cors`): the
   * switch then exists once per plugin, e.g. `gantry.plugin.enabled` for `cors` on API shop/get.
   */
  readonly perPlugin?: boolean;
}
