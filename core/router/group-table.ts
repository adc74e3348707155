/**
 * Group selection. Decision table, first row that applies wins:
 *
 * | request                                   | group                                             |
 * |-------------------------------------------|---------------------------------------------------|
 * | `x-gateway-group` given (non-empty)       | the group of that name, else none (no Host fallback) |
 * | Host equals a declared host               | that group                                        |
 * | Host is below a wildcard `*.suffix`       | the longest matching suffix's group               |
 * | a group has `default: true`               | that group                                        |
 * | otherwise                                 | none → group-not-found                            |
 *
 * The header does not fall back to Host because a caller that names a group by id expects that
 * group or an error, never a different group that happens to own the Host. Wildcards are tried by
 * stripping one leftmost label at a time (`a.b.shop.test` → `b.shop.test` → `shop.test` → `test`),
 * so the cost is one Map lookup per label, whatever the number of groups; `*.shop.test` therefore
 * matches any depth below `shop.test` but not `shop.test` itself.
 */
import { isHostPatternError, normalizeRequestHost, parseHostPattern } from './host-pattern.js';
import { RouterCompileError } from './router-compile-error.js';
import type { GroupInput } from './types.js';

/** Compiled group lookup; `G` is the caller's compiled group. */
export interface GroupTable<G> {
  readonly byName: ReadonlyMap<string, G>;
  readonly exactHosts: ReadonlyMap<string, G>;
  /** Keyed by the suffix after `*.`. */
  readonly wildcardHosts: ReadonlyMap<string, G>;
  readonly defaultGroup: G | undefined;
  /** Normalised host patterns per group, in input order, for `describe()`. */
  readonly hostsByGroup: readonly (readonly string[])[];
}

/**
 * Validates the groups and builds their lookup maps.
 * @param makeGroup builds the caller's compiled group for input `index`
 * @throws RouterCompileError on a bad or duplicate name, a bad host, a host shared by two groups,
 *   or a second default group
 */
export function compileGroupTable<G>(
  groups: readonly GroupInput[],
  makeGroup: (input: GroupInput, index: number) => G,
): GroupTable<G> {
  const byName = new Map<string, G>();
  const exactHosts = new Map<string, G>();
  const wildcardHosts = new Map<string, G>();
  // Which group index claimed a host key, to name both groups in a duplicate-host error.
  const hostOwner = new Map<string, number>();
  const hostsByGroup: string[][] = [];
  let defaultGroup: G | undefined;
  let defaultIndex = -1;

  groups.forEach((input, index) => {
    const field = `groups[${index}]`;
    if (typeof input.name !== 'string' || input.name === '') {
      throw new RouterCompileError('ROUTER_INVALID_GROUP', `${field}.name`, 'must be a non-empty string');
    }
    if (byName.has(input.name)) {
      throw new RouterCompileError('ROUTER_INVALID_GROUP', `${field}.name`, `group "${input.name}" is declared twice`);
    }
    const group = makeGroup(input, index);
    byName.set(input.name, group);

    const hosts: string[] = [];
    (input.hosts ?? []).forEach((raw, hostIndex) => {
      const hostField = `${field}.hosts[${hostIndex}]`;
      const pattern = parseHostPattern(raw);
      if (isHostPatternError(pattern)) throw new RouterCompileError('ROUTER_INVALID_HOST', hostField, pattern.error);
      const ownerKey = `${pattern.wildcard ? '*' : '='}${pattern.key}`;
      const owner = hostOwner.get(ownerKey);
      if (owner === index) return; // listed twice by the same group: harmless
      if (owner !== undefined) {
        throw new RouterCompileError(
          'ROUTER_DUPLICATE_HOST',
          hostField,
          `host "${pattern.text}" is already used by groups[${owner}] ("${groups[owner]?.name ?? ''}")`,
        );
      }
      hostOwner.set(ownerKey, index);
      (pattern.wildcard ? wildcardHosts : exactHosts).set(pattern.key, group);
      hosts.push(pattern.text);
    });
    hostsByGroup.push(hosts);

    if (input.default === true) {
      if (defaultIndex !== -1) {
        throw new RouterCompileError(
          'ROUTER_DUPLICATE_DEFAULT',
          `${field}.default`,
          `groups[${defaultIndex}] ("${groups[defaultIndex]?.name ?? ''}") is already the default group`,
        );
      }
      defaultGroup = group;
      defaultIndex = index;
    }
  });

  return { byName, exactHosts, wildcardHosts, defaultGroup, hostsByGroup };
}

/** Picks the group for one request by the table above. Hot path; never throws. */
export function selectGroup<G>(table: GroupTable<G>, host: string | undefined, groupHeader: string | undefined): G | undefined {
  if (groupHeader !== undefined && groupHeader !== '') return table.byName.get(groupHeader);
  if (host !== undefined && host !== '') {
    const found = selectGroupByHost(table, normalizeRequestHost(host));
    if (found !== undefined) return found;
  }
  return table.defaultGroup;
}

function selectGroupByHost<G>(table: GroupTable<G>, host: string): G | undefined {
  if (host === '') return undefined;
  const exact = table.exactHosts.get(host);
  if (exact !== undefined || table.wildcardHosts.size === 0) return exact;
  let labelStart = 0;
  let dot = host.indexOf('.');
  while (dot !== -1) {
    // An empty label (`.shop.test`, `a..shop.test`) is not a host name; let it fall to the default.
    if (dot === labelStart) return undefined;
    const found = table.wildcardHosts.get(host.slice(dot + 1));
    if (found !== undefined) return found;
    labelStart = dot + 1;
    dot = host.indexOf('.', labelStart);
  }
  return undefined;
}
