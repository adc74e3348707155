/**
 * How a binding names a plugin: `name` (its newest version), `name@1.2.3` (that version exactly)
 * or `name@^1.2` (the newest version in a range; see `semver.ts`).
 */
import { isSemVer, parseSemVerRange } from './semver.js';

/** Pattern the schema checks; the range itself is checked by {@link parsePluginRef}. */
export const pluginRefPattern = '^[a-z0-9][a-z0-9._-]{0,62}(@[0-9A-Za-z^~<>=.*+| -]{1,64})?$';

/** A binding's plugin reference, parsed. */
export interface PluginRefParts {
  readonly name: string;
  /** The range or version after `@`; `*` when none was given. */
  readonly range: string;
  /** True for `name@1.2.3`: exactly that version, yanked or not. */
  readonly exact: boolean;
}

/** Parses `name[@range]`; an error message when the range is not one the matcher understands. */
export function parsePluginRef(text: string): PluginRefParts | { readonly error: string } {
  const at = text.indexOf('@');
  if (at < 0) return { name: text, range: '*', exact: false };
  const name = text.slice(0, at);
  const range = text.slice(at + 1).trim();
  const exact = isSemVer(range.replace(/^=/, ''));
  if (!exact && parseSemVerRange(range) === undefined) {
    return { error: `"${range}" is not a version or version range (examples: 1.2.3, ^1.2, ~1.2.3, >=1.2 <2)` };
  }
  return { name, range: exact ? range.replace(/^=/, '') : range, exact };
}

/** The plugin name of a reference (what comes before `@`). */
export function pluginRefName(text: string): string {
  const at = text.indexOf('@');
  return at < 0 ? text : text.slice(0, at);
}
