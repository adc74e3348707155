import { stringify } from 'yaml';

/** The two gateway configurations the benchmark runs. */
export type GantryProfile = 'plain' | 'plugins';

/** The built-in plugins of the `plugins` profile: one that adds a header per request, one that rewrites both ways. */
export const BENCH_PLUGINS = [
  { name: 'request-id', config: {} },
  {
    name: 'header-rewrite',
    config: { request: { set: { 'x-bench': '1' } }, response: { set: { 'x-served-by': 'gantry' } } },
  },
] as const;

/**
 * The gateway config for one profile: one default group on 127.0.0.1, one catch-all API, one cluster
 * with the upstream as its only endpoint. Ports are given on the command line too, so `listen` only
 * documents them.
 */
export function gantryBenchConfig(
  profile: GantryProfile,
  upstreamUrl: string,
  httpPort: number,
  adminPort: number,
): Record<string, unknown> {
  return {
    version: 1,
    listen: { http: httpPort, admin: adminPort },
    groups: [{ name: 'bench', hosts: ['127.0.0.1'], default: true }],
    apis: [
      {
        name: 'fwd',
        group: 'bench',
        match: { path: '/', type: 'prefix' },
        backend: { protocol: 'http', cluster: 'up', timeoutMs: 5000 },
        plugins: profile === 'plugins' ? BENCH_PLUGINS.map((p) => structuredClone(p)) : [],
      },
    ],
    clusters: [{ name: 'up', lb: 'round-robin', endpoints: [{ url: upstreamUrl }] }],
  };
}

/** The same config as YAML text, as `gantry serve --config` reads it. */
export function gantryBenchConfigYaml(
  profile: GantryProfile,
  upstreamUrl: string,
  httpPort: number,
  adminPort: number,
): string {
  return stringify(gantryBenchConfig(profile, upstreamUrl, httpPort, adminPort));
}
