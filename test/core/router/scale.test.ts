/**
 * 10,000 APIs across 100 groups. Every group holds the same paths, so a wrong group shows up as a
 * wrong payload. Correctness only: timing is the bench script's business (ops/bench/router-bench.ts).
 */
import { describe, expect, it } from 'vitest';
import { compileRouter, type GroupInput, type RouteInput } from '../../../core/router/index.js';
import { summarizeMatch } from './match-summary.js';

const groupCount = 100;
const routesPerGroup = 100;

function buildConfig(): { groups: GroupInput[]; routes: RouteInput<string>[] } {
  const groups: GroupInput[] = [];
  const routes: RouteInput<string>[] = [];
  for (let g = 0; g < groupCount; g++) {
    groups.push({ name: `g${g}`, hosts: [`g${g}.shop.test`, `*.g${g}.wild.test`] });
    for (let r = 0; r < routesPerGroup; r++) {
      const payload = `${g}/${r}`;
      switch (r % 4) {
        case 0:
          routes.push({ group: `g${g}`, path: `/svc${r}/op`, type: 'exact', methods: ['GET'], payload });
          break;
        case 1:
          routes.push({ group: `g${g}`, path: `/svc${r}/op`, type: 'exact', payload });
          break;
        case 2:
          routes.push({ group: `g${g}`, path: `/svc${r}`, type: 'prefix', methods: ['POST', 'PUT'], payload });
          break;
        default:
          // Nested under the previous route's prefix, any method.
          routes.push({ group: `g${g}`, path: `/svc${r - 1}/op/deep/`, type: 'prefix', payload });
      }
    }
  }
  return { groups, routes };
}

/** Expected outcomes for route `r` of group `g`: [method, path, summary]. */
function expectationsFor(g: number, r: number): [string, string, string][] {
  const found = (route: number) => `found g${g}:${g}/${route}`;
  const none = `route-not-found g${g}`;
  switch (r % 4) {
    case 0:
      return [['GET', `/svc${r}/op`, found(r)], ['POST', `/svc${r}/op`, none], ['GET', `/svc${r}/op/x`, none]];
    case 1:
      return [['DELETE', `/svc${r}/op?x=1`, found(r)], ['GET', `/svc${r}/opx`, none]];
    case 2:
      return [
        ['POST', `/svc${r}/a/b`, found(r)],
        ['PUT', `/svc${r}`, found(r)],
        ['GET', `/svc${r}/a`, none],
        ['POST', `/svc${r}/op/deep/x`, found(r + 1)],
        ['POST', `/svc${r}x`, none],
      ];
    default:
      return [['GET', `/svc${r - 1}/op/deep/1`, found(r)], ['GET', `/svc${r - 1}/op/deeper`, none], ['POST', `/svc${r - 1}/op/deeper`, found(r - 1)]];
  }
}

describe('scale', () => {
  const { groups, routes } = buildConfig();
  const router = compileRouter(groups, routes);

  it('scale - compiles 10,000 APIs across 100 groups and describes them all', () => {
    const description = router.describe();
    expect(description.groups).toHaveLength(groupCount);
    expect(description.groups.reduce((n, group) => n + group.routes.length, 0)).toBe(groupCount * routesPerGroup);
  });

  it('scale - a sample of routes matches by exact host, wildcard host and group header', () => {
    let checked = 0;
    for (let g = 0; g < groupCount; g += 3) {
      const addresses: [string | undefined, string | undefined][] = [
        [`g${g}.shop.test`, undefined],
        [`a.b.g${g}.wild.test:8443`, undefined],
        ['unrelated.test', `g${g}`],
      ];
      for (let r = 0; r < routesPerGroup; r++) {
        const [host, header] = addresses[(g + r) % addresses.length] ?? [undefined, undefined];
        for (const [method, path, expected] of expectationsFor(g, r)) {
          expect(summarizeMatch(router.match(host, header, method, path)), `${host ?? header} ${method} ${path}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('scale - hosts and headers outside the 100 groups are group-not-found', () => {
    expect(router.match('g100.shop.test', undefined, 'GET', '/svc0/op')).toEqual({ kind: 'group-not-found' });
    expect(router.match('g1.wild.test', undefined, 'GET', '/svc0/op')).toEqual({ kind: 'group-not-found' });
    expect(router.match(undefined, 'g100', 'GET', '/svc0/op')).toEqual({ kind: 'group-not-found' });
  });
});
