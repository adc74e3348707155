/** The config documents the control-plane bench writes. */

const group = { name: 'bench', hosts: ['bench.test'], default: true };

/** The path of mock API number `i` (1-based) of {@link manyApisDocument}. */
export function mockApiPath(i: number): string {
  return `/m/${i}`;
}

/** One group and `count` exact-path mock APIs. */
export function manyApisDocument(count: number): Record<string, unknown> {
  const apis = [];
  for (let i = 1; i <= count; i++) {
    apis.push({ name: `m${i}`, group: 'bench', match: { path: mockApiPath(i), type: 'exact' }, backend: { protocol: 'mock', body: `m${i}` } });
  }
  return { version: 1, groups: [group], apis };
}

/** One API proxying `/p` to `upstreamUrl`. */
export function proxyDocument(upstreamUrl: string): Record<string, unknown> {
  return {
    version: 1,
    groups: [group],
    apis: [{ name: 'p', group: 'bench', match: { path: '/p', type: 'exact' }, backend: { protocol: 'http', cluster: 'up' } }],
    clusters: [{ name: 'up', endpoints: [{ url: upstreamUrl, weight: 1 }] }],
  };
}
