/**
 * The one switch validator: the CLI, the admin API, the bus writer and every node check values and
 * placements here, so a value one of them accepts is accepted by all.
 */
import type { SwitchDefinition, SwitchValue } from './switch-definition.js';
import { SwitchError } from './switch-error.js';
import { formatSwitchPlacement, type SwitchPlacement } from './switch-scope.js';

/** A value checked against its definition. */
export type SwitchValueCheck = { readonly ok: true; readonly value: SwitchValue } | { readonly ok: false; readonly message: string };

/** A placement and value checked against their definition; the error names switch, scope and reason. */
export type SwitchSettingCheck = { readonly ok: true; readonly value: SwitchValue } | { readonly ok: false; readonly error: SwitchError };

/** Longest string value unless the definition's `max` says otherwise. */
export const defaultSwitchStringMax = 1024;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(message: string): SwitchValueCheck {
  return { ok: false, message };
}

function inRange(value: number, min: number, max: number, what: string): SwitchValueCheck {
  if (value < min || value > max) return fail(`must be ${what} from ${min} to ${max}, got ${value}`);
  return { ok: true, value };
}

/** Bounds of a numeric switch: the definition's, within 0–100 for a percent. */
function numericBounds(definition: SwitchDefinition): [number, number] {
  if (definition.type === 'percent') return [Math.max(0, definition.min ?? 0), Math.min(100, definition.max ?? 100)];
  return [definition.min ?? -Number.MAX_VALUE, definition.max ?? Number.MAX_VALUE];
}

/**
 * Checks a value against a definition: its type, then its range or allowed values. Strict: the
 * string "true" is not a bool (see {@link parseSwitchValue} for text from a command line).
 */
export function validateSwitchValue(definition: SwitchDefinition, value: unknown): SwitchValueCheck {
  const [min, max] = numericBounds(definition);
  switch (definition.type) {
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value } : fail(`must be true or false, got ${shown(value)}`);
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(`must be an integer, got ${shown(value)}`);
      return inRange(value, min, max, 'an integer');
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a number, got ${shown(value)}`);
      return inRange(value, min, max, 'a number');
    case 'percent':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a percentage (a number), got ${shown(value)}`);
      return inRange(value, min, max, 'a percentage');
    case 'string': {
      if (typeof value !== 'string') return fail(`must be a string, got ${shown(value)}`);
      const shortest = definition.min ?? 0;
      const longest = definition.max ?? defaultSwitchStringMax;
      if (value.length < shortest || value.length > longest) return fail(`must be ${shortest}-${longest} characters long, got ${value.length}`);
      return { ok: true, value };
    }
    case 'enum': {
      const allowed = definition.values ?? [];
      if (typeof value !== 'string' || !allowed.includes(value)) return fail(`must be one of ${allowed.join(', ')}, got ${shown(value)}`);
      return { ok: true, value };
    }
  }
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Turns command-line text into the value it stands for, when it stands for one of the type. */
function valueFromText(definition: SwitchDefinition, text: string): unknown {
  const trimmed = text.trim();
  switch (definition.type) {
    case 'bool':
      if (trimmed === 'true' || trimmed === 'on') return true;
      if (trimmed === 'false' || trimmed === 'off') return false;
      return text;
    case 'int':
    case 'number':
    case 'percent': {
      const digits = definition.type === 'percent' && trimmed.endsWith('%') ? trimmed.slice(0, -1) : trimmed;
      return NUMBER_TEXT.test(digits) ? Number(digits) : text;
    }
    case 'string':
    case 'enum':
      return text;
  }
}

/**
 * Reads a value typed on a command line (`true`, `off`, `42`, `12.5%`, `warn`) and validates it.
 * Text that does not read as the type is refused with the type's message.
 */
export function parseSwitchValue(definition: SwitchDefinition, text: string): SwitchValueCheck {
  return validateSwitchValue(definition, valueFromText(definition, text));
}

/**
 * Checks a whole setting: the scope is one the definition allows, a plugin is named exactly when
 * the switch is per plugin, and the value fits. The error names switch, scope and reason.
 */
export function validateSwitchSetting(definition: SwitchDefinition, placement: SwitchPlacement, value: unknown): SwitchSettingCheck {
  const where = formatSwitchPlacement(placement);
  const refuse = (code: SwitchError['code'], reason: string): SwitchSettingCheck => ({ ok: false, error: new SwitchError(code, definition.name, where, reason) });
  if (!definition.scopes.includes(placement.scope.kind)) {
    return refuse('scope-not-allowed', `scope ${placement.scope.kind} is not allowed (allowed: ${definition.scopes.join(', ')})`);
  }
  if (definition.perPlugin === true && placement.plugin === undefined) return refuse('plugin-required', 'a plugin must be named (--plugin NAME)');
  if (definition.perPlugin !== true && placement.plugin !== undefined) return refuse('plugin-not-allowed', 'this switch is not set per plugin');
  const checked = validateSwitchValue(definition, value);
  return checked.ok ? checked : refuse('invalid-value', checked.message);
}
