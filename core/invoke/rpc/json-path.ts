/**
 * The small JSON path dialect of the argument mapping: `$` (the whole value), `.name` for a field,
 * `[n]` for an array item — `$.order.items[0].sku`. Compiled once per API at snapshot time.
 */

/** A compiled path: field names and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

const segmentPattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]/y;

/** Compiles `text`; undefined when it is not a path of this dialect. */
export function compileJsonPath(text: string): JsonPath | undefined {
  if (!text.startsWith('$')) return undefined;
  const segments: (string | number)[] = [];
  segmentPattern.lastIndex = 1;
  let at = 1;
  while (at < text.length) {
    segmentPattern.lastIndex = at;
    const found = segmentPattern.exec(text);
    if (found === null) return undefined;
    segments.push(found[1] ?? Number(found[2]));
    at = segmentPattern.lastIndex;
  }
  return segments;
}

/** The value at `path` in `root`; undefined when any step is missing. */
export function readJsonPath(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * Writes `value` at `path` inside `root`, creating objects and arrays on the way, and returns the
 * (possibly new) root. An empty path replaces the root.
 */
export function writeJsonPath(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const top = root !== null && typeof root === 'object' ? root : typeof path[0] === 'number' ? [] : {};
  let node = top as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] as string | number;
    let next = node[segment];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[segment] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  node[path[path.length - 1] as string | number] = value;
  return top;
}
