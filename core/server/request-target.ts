/** The routable parts of a request line's target. */
export interface RequestTarget {
  readonly path: string;
  /** Without the `?`; '' when absent. */
  readonly query: string;
}

const NEEDS_NORMALISING = /\/\.|\/\/|%2e/i;

/**
 * Removes `.` and `..` segments and empty segments, after decoding `%2e` (an encoded dot is the
 * classic way to slip `..` past a prefix rule). Other escapes are left for the upstream to decode,
 * so `%2F` inside a segment stays one segment. `..` above the root stays at the root (RFC 3986 §5.2.4).
 */
export function normalisePath(path: string): string {
  const decoded = path.replace(/%2e/gi, '.');
  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment === '..') {
      out.pop();
    } else if (segment !== '.' && segment !== '') {
      out.push(segment);
    }
  }
  const last = segments[segments.length - 1];
  const trailingSlash = segments.length > 1 && (last === '' || last === '.' || last === '..') && out.length > 0;
  return `/${out.join('/')}${trailingSlash ? '/' : ''}`;
}

/**
 * Splits a request target (origin form `/a?b`, or absolute form `http://h/a?b`) into path and query.
 * Returns undefined for targets that name no path (`*`, authority form), which cannot be routed.
 */
export function parseRequestTarget(url: string): RequestTarget | undefined {
  let target = url;
  if (target.charCodeAt(0) !== 47 /* / */) {
    if (!/^https?:\/\//i.test(target)) return undefined;
    const parsed = URL.canParse(target) ? new URL(target) : undefined;
    if (parsed === undefined) return undefined;
    target = parsed.pathname + parsed.search;
  }
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  const query = mark < 0 ? '' : target.slice(mark + 1);
  const path = NEEDS_NORMALISING.test(rawPath) ? normalisePath(rawPath) : rawPath;
  return { path, query };
}
