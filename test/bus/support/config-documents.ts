/**
 * Config documents for bus tests: one default group `g` and mock APIs that answer their own name,
 * so a test can tell from a call which config a node serves.
 */

/** A mock API `name` on `/name` answering `body`. */
export function mockApi(name: string, body: string = name): Record<string, unknown> {
  return {
    name,
    group: 'g',
    match: { path: `/${name}`, type: 'exact' },
    backend: { protocol: 'mock', status: 200, body },
  };
}

/** A valid document (canonical order) with the given APIs (sorted by name, as the bucket returns them). */
export function documentWithApis(apis: readonly Record<string, unknown>[], extra: { bindings?: unknown[]; clusters?: unknown[] } = {}): Record<string, unknown> {
  const sorted = [...apis].sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
  const document: Record<string, unknown> = {
    version: 1,
    groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
  };
  if (sorted.length > 0) document.apis = sorted;
  if (extra.clusters !== undefined) document.clusters = extra.clusters;
  if (extra.bindings !== undefined) document.bindings = extra.bindings;
  return document;
}

/** A document with mock APIs of the given names. */
export function documentWith(...names: string[]): Record<string, unknown> {
  return documentWithApis(names.map((name) => mockApi(name)));
}
