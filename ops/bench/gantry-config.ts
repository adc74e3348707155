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
 * Path prefixes of the `plugins` profile: the same forward with and without the bench plugins, in
 * one gateway process, so the two can be measured in alternating windows (paths of equal length, so
 * routing and request bytes cost the same).
 */
export const PAIRED_PREFIXES = { bare: '/bare', plugged: '/plug' } as const;

function forwardApi(name: string, prefix: string, plugins: readonly (typeof BENCH_PLUGINS)[number][]): Record<string, unknown> {
  return {
    name,
    group: 'bench',
    match: { path: prefix, type: 'prefix' },
    backend: { protocol: 'http', cluster: 'up', timeoutMs: 5000 },
    plugins: plugins.map((p) => structuredClone(p)),
  };
}

/**
 * The gateway config for one profile: one default group on 127.0.0.1, one catch-all API without
 * plugins, one cluster with the upstream as its only endpoint. The `plugins` profile adds the
 * PAIRED_PREFIXES APIs: one bare, one with the bench plugins. Ports are given on the command line
 * too, so `listen` only documents them.
 */
export function gantryBenchConfig(
  profile: GantryProfile,
  upstreamUrl: string,
  httpPort: number,
  adminPort: number,
): Record<string, unknown> {
  const paired = profile === 'plugins'
    ? [forwardApi('fwd-bare', PAIRED_PREFIXES.bare, []), forwardApi('fwd-plugins', PAIRED_PREFIXES.plugged, BENCH_PLUGINS)]
    : [];
  return {
    version: 1,
    listen: { http: httpPort, admin: adminPort },
    groups: [{ name: 'bench', hosts: ['127.0.0.1'], default: true }],
    apis: [forwardApi('fwd', '/', []), ...paired],
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
