/**
 * One problem found in a config document, and how its location is written.
 *
 * Paths use dots for fields and `[i]` for array items: `apis[0].match.type`. An array item that has
 * a string `name` (or, lacking one, a string `id`, as bindings may) is labelled with it, so the
 * reader need not count: `apis[1](ping).backend.status`, `clusters[0](items).endpoints[2].url`.
 * Keys that are not plain words are quoted: `headers["x.y"]`. The document root is the empty path.
 */

/** A problem in a config document, located by its field path. */
export interface ConfigIssue {
  /** Where, as described in this file's header; '' for the document as a whole. */
  readonly path: string;
  /** What is wrong, in words for the person who wrote the config. */
  readonly message: string;
}

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

const plainKey = /^[A-Za-z0-9_$-]+$/;
const longestLabel = 64;

/**
 * Writes the path of `segments` inside `root`, labelling named array items with their name.
 * `root` is only read to find those names; segments need not exist in it.
 */
export function describeConfigPath(root: unknown, segments: readonly PathSegment[]): string {
  let text = '';
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node) && isIndex(segment)) {
      const index = Number(segment);
      node = node[index];
      text += `[${index}]${itemLabel(node)}`;
    } else {
      const key = String(segment);
      node = isRecord(node) ? node[key] : undefined;
      text = childPath(text, key);
    }
  }
  return text;
}

/** Appends a field name to an already-written path. */
export function childPath(path: string, key: string): string {
  if (!plainKey.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Formats issues for people, one per line, prefixed with where the document came from:
 * `quickstart.yaml: apis[0].match.type: must be one of exact, prefix`.
 */
export function formatIssues(origin: string, issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => (issue.path === '' ? `${origin}: ${issue.message}` : `${origin}: ${issue.path}: ${issue.message}`))
    .join('\n');
}

function itemLabel(item: unknown): string {
  if (!isRecord(item)) return '';
  const label = typeof item.name === 'string' ? item.name : typeof item.id === 'string' ? item.id : undefined;
  if (label === undefined || label === '') return '';
  return `(${label.length > longestLabel ? `${label.slice(0, longestLabel)}…` : label})`;
}

function isIndex(segment: PathSegment): boolean {
  return typeof segment === 'number' || /^(?:0|[1-9][0-9]*)$/.test(segment);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
