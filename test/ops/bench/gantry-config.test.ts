import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gantryBenchConfig, gantryBenchConfigYaml } from '../../../ops/bench/gantry-config.js';

describe('gantry config', () => {
  it('gantry config - one default group, one catch-all API and one cluster on the upstream', () => {
    const config = parse(gantryBenchConfigYaml('plain', 'http://127.0.0.1:5000', 8080, 9080)) as Record<string, unknown>;
    expect(config).toEqual({
      version: 1,
      listen: { http: 8080, admin: 9080 },
      groups: [{ name: 'bench', hosts: ['127.0.0.1'], default: true }],
      apis: [
        {
          name: 'fwd',
          group: 'bench',
          match: { path: '/', type: 'prefix' },
          backend: { protocol: 'http', cluster: 'up', timeoutMs: 5000 },
          plugins: [],
        },
      ],
      clusters: [{ name: 'up', lb: 'round-robin', endpoints: [{ url: 'http://127.0.0.1:5000' }] }],
    });
  });

  it('gantry config - the plugins profile adds a bare and a plugged route of equal length beside the catch-all', () => {
    const config = gantryBenchConfig('plugins', 'http://127.0.0.1:5000', 1, 2);
    const apis = config.apis as Array<{ name: string; match: { path: string }; plugins: unknown[] }>;
    expect(apis.map((a) => [a.name, a.match.path, a.plugins.length])).toEqual([['fwd', '/', 0], ['fwd-bare', '/bare', 0], ['fwd-plugins', '/plug', 2]]);
    expect(apis[2]?.plugins).toEqual([
      { name: 'request-id', config: {} },
      { name: 'header-rewrite', config: { request: { set: { 'x-bench': '1' } }, response: { set: { 'x-served-by': 'gantry' } } } },
    ]);
  });
});
