/**
 * Semantic versions and the version ranges plugin bindings may name. A small subset of npm's range
 * grammar, enough for bindings, written here so that `core/config` stays free of dependencies:
 *
 * | range            | means                                   |
 * |------------------|-----------------------------------------|
 * | `1.2.3`, `=1.2.3`| exactly 1.2.3 (also a pre-release)      |
 * | `^1.2.3`, `^1.2` | >=1.2.3 <2.0.0 (`^0.2.3` <0.3.0, `^0.0.3` <0.0.4) |
 * | `~1.2.3`, `~1.2` | >=1.2.3 <1.3.0 (`~1` <2.0.0)            |
 * | `1.2`, `1.2.x`   | >=1.2.0 <1.3.0                          |
 * | `1`, `1.x`       | >=1.0.0 <2.0.0                          |
 * | `*`, `x`         | any version                             |
 * | `>=1.2 <1.4`     | every comparator (`>`, `>=`, `<`, `<=`) holds |
 * | `A || B`         | A or B                                  |
 *
 * A pre-release (`1.3.0-rc.1`) is matched only by a range that names it exactly: a range never
 * drifts onto an unreleased version. Build metadata (`+abc`) is ignored in comparisons.
 */

/** A parsed version. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers; empty for a release. */
  readonly prerelease: readonly string[];
  /** The version as written. */
  readonly text: string;
}

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses a full version (`1.2.3`, `1.2.3-rc.1`); undefined when it is not one. */
export function parseSemVer(text: string): SemVer | undefined {
  const m = VERSION.exec(text.trim());
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] === undefined ? [] : m[4].split('.'), text: text.trim() };
}

/** True for a full version. */
export function isSemVer(text: string): boolean {
  return parseSemVer(text) !== undefined;
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Number(a) - Number(b);
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two versions by precedence (negative: a before b). */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const order = compareIdentifiers(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

type Operator = '<' | '<=' | '>' | '>=' | '=';

interface Comparator {
  readonly op: Operator;
  readonly version: SemVer;
}

/** A parsed range: alternatives (`||`), each a list of comparators that must all hold. */
export interface SemVerRange {
  readonly text: string;
  readonly alternatives: readonly (readonly Comparator[])[];
}

const PARTIAL = /^v?(0|[1-9]\d*|[xX*])(?:\.(0|[1-9]\d*|[xX*]))?(?:\.(0|[1-9]\d*|[xX*]))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Partial3 {
  readonly major: number | undefined;
  readonly minor: number | undefined;
  readonly patch: number | undefined;
  readonly prerelease: readonly string[];
}

function partNumber(part: string | undefined): number | undefined {
  return part === undefined || /^[xX*]$/.test(part) ? undefined : Number(part);
}

function parsePartial(text: string): Partial3 | undefined {
  const m = PARTIAL.exec(text);
  if (m === null) return undefined;
  const major = partNumber(m[1]);
  const minor = major === undefined ? undefined : partNumber(m[2]);
  const patch = minor === undefined ? undefined : partNumber(m[3]);
  return { major, minor, patch, prerelease: patch === undefined || m[4] === undefined ? [] : m[4].split('.') };
}

function version(major: number, minor: number, patch: number, prerelease: readonly string[] = []): SemVer {
  const text = `${major}.${minor}.${patch}${prerelease.length > 0 ? `-${prerelease.join('.')}` : ''}`;
  return { major, minor, patch, prerelease, text };
}

/** Lower bound of a partial, and the exclusive upper bound of the span it names (undefined: none). */
function spanOf(p: Partial3): { low: SemVer; high: SemVer | undefined } {
  const low = version(p.major ?? 0, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  if (p.major === undefined) return { low, high: undefined };
  if (p.minor === undefined) return { low, high: version(p.major + 1, 0, 0) };
  if (p.patch === undefined) return { low, high: version(p.major, p.minor + 1, 0) };
  return { low, high: undefined };
}

function caretHigh(p: Partial3): SemVer {
  const major = p.major ?? 0;
  if (major > 0 || p.minor === undefined) return version(major + 1, 0, 0);
  const minor = p.minor;
  if (minor > 0 || p.patch === undefined) return version(0, minor + 1, 0);
  return version(0, 0, p.patch + 1);
}

function comparatorsOf(token: string): Comparator[] | undefined {
  const m = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(token);
  const prefix = m?.[1] ?? '';
  const p = parsePartial(m?.[2] ?? '');
  if (p === undefined) return undefined;
  const { low, high } = spanOf(p);
  if (p.major === undefined) return prefix === '<' || prefix === '>' ? undefined : [];
  switch (prefix) {
    case '^': return [{ op: '>=', version: low }, { op: '<', version: caretHigh(p) }];
    case '~': return [{ op: '>=', version: low }, { op: '<', version: p.minor === undefined ? version(p.major + 1, 0, 0) : version(p.major, p.minor + 1, 0) }];
    case '>=': return [{ op: '>=', version: low }];
    case '<': return [{ op: '<', version: low }];
    case '>': return [high === undefined ? { op: '>', version: low } : { op: '>=', version: high }];
    case '<=': return [high === undefined ? { op: '<=', version: low } : { op: '<', version: high }];
    default:
      return high === undefined ? [{ op: '=', version: low }] : [{ op: '>=', version: low }, { op: '<', version: high }];
  }
}

/** Parses a range; undefined when it is not one this matcher understands. */
export function parseSemVerRange(text: string): SemVerRange | undefined {
  const alternatives: Comparator[][] = [];
  for (const alternative of text.split('||')) {
    // `>= 1.2` is written with a space by some: glue an operator to its version first.
    const tokens = alternative.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter((t) => t !== '');
    const comparators: Comparator[] = [];
    for (const token of tokens.length === 0 ? ['*'] : tokens) {
      const found = comparatorsOf(token);
      if (found === undefined) return undefined;
      comparators.push(...found);
    }
    alternatives.push(comparators);
  }
  return { text, alternatives };
}

function holds(c: Comparator, v: SemVer): boolean {
  const order = compareSemVer(v, c.version);
  switch (c.op) {
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    case '=': return order === 0;
  }
}

/** True when `v` satisfies `range` (pre-releases only through an exact comparator). */
export function satisfies(v: SemVer, range: SemVerRange): boolean {
  return range.alternatives.some((comparators) => {
    if (v.prerelease.length > 0 && !comparators.some((c) => c.op === '=' && compareSemVer(c.version, v) === 0)) return false;
    return comparators.every((c) => holds(c, v));
  });
}

/** The highest of `versions` that satisfies `range`, or undefined. */
export function maxSatisfying(versions: Iterable<SemVer>, range: SemVerRange): SemVer | undefined {
  let best: SemVer | undefined;
  for (const v of versions) {
    if (satisfies(v, range) && (best === undefined || compareSemVer(v, best) > 0)) best = v;
  }
  return best;
}
