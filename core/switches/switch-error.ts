/**
 * Why a switch value or address was refused. The CLI, the admin API, the bus writer and the node
 * all refuse through this one error, so they say the same thing; callers branch on `code`.
 */

/** Every reason a switch setting can be refused. */
export const switchErrorCodes = [
  /** No definition of that name is known here. */
  'unknown-switch',
  /** The value does not fit the definition (type, range, allowed values). */
  'invalid-value',
  /** The definition does not allow values at that scope. */
  'scope-not-allowed',
  /** The scope text cannot be read (`api:` without `group/api`, an unknown kind). */
  'invalid-scope',
  /** A per-plugin switch was addressed without a plugin name. */
  'plugin-required',
  /** A plugin name was given for a switch that is not per plugin. */
  'plugin-not-allowed',
  /** A stored entry cannot be read (bad key, not JSON, no value). */
  'invalid-entry',
] as const;

/** One of {@link switchErrorCodes}. */
export type SwitchErrorCode = (typeof switchErrorCodes)[number];

const BRAND = Symbol.for('gantry.switches.switch-error');

/** A refused switch setting; the message names the switch, the scope and the reason. */
export class SwitchError extends Error {
  override readonly name = 'SwitchError';
  readonly code: SwitchErrorCode;
  /** The switch concerned ('' when the name itself could not be read). */
  readonly switchName: string;
  /** The scope as written (`global`, `api:shop/get-item`), '' when unknown. */
  readonly scope: string;
  readonly [BRAND] = true;

  constructor(code: SwitchErrorCode, switchName: string, scope: string, reason: string) {
    super(`${switchName === '' ? 'switch' : switchName}${scope === '' ? '' : ` at ${scope}`}: ${reason}`);
    this.code = code;
    this.switchName = switchName;
    this.scope = scope;
  }

  // Why: a CLI or plugin bundling its own copy of this module must still recognise the error.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** True when `error` is a refused switch setting. */
export function isSwitchError(error: unknown): error is SwitchError {
  return error instanceof SwitchError;
}
