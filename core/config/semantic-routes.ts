/**
 * Semantic rules for listeners, groups and APIs. They refuse what the router would otherwise have
 * to resolve by guessing: two groups claiming a host, two default groups, two APIs of one group
 * answering the same path and method, an API in a group that does not exist.
 */
import { forEachDuplicate, listNames, type IssueCollector } from './semantic-report.js';
import type { ApiConfig, GantryConfig, MatchConfig } from './types.js';

const anyAddress = new Set(['0.0.0.0', '::']);

/** The HTTP front and the admin API cannot share one port on one address. */
export function checkListen(config: GantryConfig, { report }: IssueCollector): void {
  const { http, admin, host, adminHost } = config.listen;
  const sameAddress = host === adminHost || anyAddress.has(host) || anyAddress.has(adminHost);
  if (http !== 0 && http === admin && sameAddress) {
    report(['listen', 'admin'], `must differ from listen.http (both are ${http})`);
  }
}

/** Group names are unique, one group at most is the default, and a host belongs to one group. */
export function checkGroups(config: GantryConfig, { report, where }: IssueCollector): void {
  const { groups } = config;
  forEachDuplicate(
    groups,
    (group) => group.name,
    (index, first, name) => report(['groups', index, 'name'], `duplicate group name "${name}" (also at ${where(['groups', first])})`),
  );
  forEachDuplicate(
    groups,
    (group) => (group.default ? 'default' : undefined),
    (index, first) => report(['groups', index, 'default'], `only one group may be the default; ${where(['groups', first])} already is`),
  );
  const hosts = groups.flatMap((group, groupIndex) => group.hosts.map((host, hostIndex) => ({ host, groupIndex, hostIndex })));
  forEachDuplicate(
    hosts,
    (entry) => entry.host,
    (index, first, host) => {
      const entry = hosts[index];
      const firstEntry = hosts[first];
      if (entry === undefined || firstEntry === undefined || entry.groupIndex === firstEntry.groupIndex) return;
      report(
        ['groups', entry.groupIndex, 'hosts', entry.hostIndex],
        `host "${host}" already belongs to ${where(['groups', firstEntry.groupIndex])}`,
      );
    },
  );
}

/** Each API names an existing group, is uniquely named within it, and has a route of its own. */
export function checkApis(config: GantryConfig, { report, where }: IssueCollector): void {
  const groupNames = config.groups.map((group) => group.name);
  const knownGroups = new Set(groupNames);
  config.apis.forEach((api, index) => {
    if (!knownGroups.has(api.group)) {
      report(['apis', index, 'group'], `no group named "${api.group}" (groups: ${listNames(groupNames)})`);
    }
  });
  forEachDuplicate(
    config.apis,
    (api) => `${api.group}\n${api.name}`,
    (index, first) => {
      const api = config.apis[index];
      if (api === undefined) return;
      report(['apis', index, 'name'], `duplicate api name "${api.name}" in group "${api.group}" (also at ${where(['apis', first])})`);
    },
  );
  checkRouteOverlaps(config.apis, { report, where });
}

function checkRouteOverlaps(apis: readonly ApiConfig[], { report, where }: Pick<IssueCollector, 'report' | 'where'>): void {
  // Routes are compared by group, type and path first; only those can collide.
  const byRouteKey = new Map<string, number[]>();
  apis.forEach((api, index) => {
    // An API reached only by RPC has no HTTP route (semantic-rpc.ts checks its `match.rpc`).
    if (api.match.path === undefined) return;
    const key = `${api.group}\n${api.match.type}\n${routePath(api.match)}`;
    const earlier = byRouteKey.get(key) ?? [];
    for (const other of earlier) {
      const otherApi = apis[other];
      if (otherApi === undefined) continue;
      const shared = sharedMethods(api.match, otherApi.match);
      if (shared === undefined) continue;
      report(
        ['apis', index, 'match'],
        `same route as ${where(['apis', other])}: ${api.match.type} ${api.match.path} for ${shared}`,
      );
      break;
    }
    byRouteKey.set(key, [...earlier, index]);
  });
}

// The router ignores a prefix's trailing slash (`/items/` and `/items` are one prefix).
function routePath(match: MatchConfig): string {
  const path = match.path ?? '';
  return match.type === 'prefix' && path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The methods both routes accept, in words, or undefined when they share none. */
function sharedMethods(a: MatchConfig, b: MatchConfig): string | undefined {
  if (a.methods === undefined && b.methods === undefined) return 'any method';
  if (a.methods === undefined) return b.methods?.join(', ');
  if (b.methods === undefined) return a.methods.join(', ');
  const other = new Set(b.methods);
  const shared = a.methods.filter((method) => other.has(method));
  return shared.length > 0 ? shared.join(', ') : undefined;
}
