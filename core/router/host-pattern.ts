/**
 * Host handling on both sides of the table: `parseHostPattern` validates and normalises the hosts a
 * group declares (compile time); `normalizeRequestHost` brings a request's Host header to the same
 * form (hot path). Both sides lower-case, drop one trailing dot (`shop.test.` is the same FQDN) and
 * keep IPv6 literals without brackets, so that a plain Map lookup compares like with like.
 */

/** A validated host pattern. */
export interface HostPattern {
  /** True for `*.suffix` patterns. */
  readonly wildcard: boolean;
  /** Map key: the whole host, or for a wildcard the suffix after `*.` (`shop.test`). */
  readonly key: string;
  /** Normalised pattern as written back by `describe()` (`*.shop.test`, `::1`). */
  readonly text: string;
}

/** Why a pattern was refused, for the compile error. */
export interface HostPatternError {
  readonly error: string;
}

// DNS labels plus `_`, which internal service names use; IPv4 literals also fit this shape.
const hostLabel = /^[a-z0-9_-]+$/;
const ipv6Literal = /^[0-9a-f:.]+$/;

/**
 * Validates one configured host. Accepts `shop.test`, `127.0.0.1`, `[::1]` / `::1`, and wildcards
 * whose only `*` is the whole leftmost label followed by at least one more label (`*.test`).
 * Refuses empty strings, a bare `*`, inner or partial wildcards (`a.*.com`, `*x.com`), empty labels
 * and ports (ports are stripped from requests, so a pattern with one could never match).
 */
export function parseHostPattern(raw: unknown): HostPattern | HostPatternError {
  if (typeof raw !== 'string') return { error: 'must be a string' };
  let host = raw.toLowerCase();
  if (host === '') return { error: 'must not be empty' };
  if (host.startsWith('[') || (host.includes(':') && !host.includes('*'))) return parseIpv6Literal(host);
  if (host.endsWith('.')) host = host.slice(0, -1);
  const labels = host.split('.');
  const wildcard = labels[0] === '*';
  if (wildcard && labels.length < 2) return { error: `"${raw}": a wildcard must have a suffix, as in *.shop.test` };
  for (let i = wildcard ? 1 : 0; i < labels.length; i++) {
    const label = labels[i] ?? '';
    if (label.includes('*')) return { error: `"${raw}": "*" is only allowed as the whole leftmost label` };
    if (!hostLabel.test(label)) return { error: `"${raw}": label "${label}" is empty or has characters a host cannot have` };
  }
  return wildcard ? { wildcard, key: host.slice(2), text: host } : { wildcard, key: host, text: host };
}

function parseIpv6Literal(host: string): HostPattern | HostPatternError {
  const inner = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (inner.includes('[') || inner.includes(']')) return { error: `"${host}": a port is not allowed; write the host only` };
  // Two colons at least, so that `1.2.3.4:80` is refused as host:port rather than read as IPv6.
  if (!ipv6Literal.test(inner) || inner.indexOf(':') === inner.lastIndexOf(':')) {
    return { error: `"${host}": not a host name or IPv6 literal (a port is not allowed)` };
  }
  return { wildcard: false, key: inner, text: inner };
}

/** Type guard separating the two results of {@link parseHostPattern}. */
export function isHostPatternError(value: HostPattern | HostPatternError): value is HostPatternError {
  return 'error' in value;
}

/**
 * Normalises a request's Host value for lookup: strips `:port`, unwraps `[v6]:port`, drops one
 * trailing dot, lower-cases. Returns `''` for something that cannot name a host. A value with
 * several colons and no brackets is taken as a bare IPv6 literal, not as `host:port`.
 * Hot path: only the slices that are needed, no regex, never throws.
 */
export function normalizeRequestHost(raw: string): string {
  let host = raw;
  if (host.charCodeAt(0) === 0x5b /* [ */) {
    const close = host.indexOf(']');
    if (close === -1) return '';
    host = host.slice(1, close);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1 && host.indexOf(':', colon + 1) === -1) host = host.slice(0, colon);
  }
  if (host.charCodeAt(host.length - 1) === 0x2e /* . */) host = host.slice(0, -1);
  return toLowerCaseIfNeeded(host);
}

// `toLowerCase` allocates a new string even when nothing changes; Hosts are nearly always lower-case.
function toLowerCaseIfNeeded(host: string): string {
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return host.toLowerCase();
  }
  return host;
}
