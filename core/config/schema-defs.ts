/**
 * Shared schema fragments: every name, host, path, header and duration in the config is declared
 * through one of these, so a rule (and its error message) is written once. Each fragment takes the
 * field's own description and, where it makes sense, its default and bounds.
 */
import { Type, type TArray, type TInteger, type TString, type TUnsafe } from '@sinclair/typebox';
import { pluginRefPattern } from './plugin-ref.js';
import { stringEnum } from './schema-builders.js';

const namePattern = '^[a-z0-9][a-z0-9._-]{0,62}$';
// DNS labels plus `_` (internal service names use it); IPv4 literals fit the same shape. IPv6
// literals are written without brackets and need two colons, so `host:port` is never one.
const hostLabel = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const hostPattern = `^(?:(?:\\*\\.)?${hostLabel}(?:\\.${hostLabel})*|[0-9a-f.]*:[0-9a-f.]*:[0-9a-f:.]*)$`;
// `?` and `#` never reach the router as part of a path, and controls or spaces cannot be in one.
const pathPattern = '^/[^\\u0000-\\u0020\\u007f?#]*$';
// RFC 9110 token characters.
const headerNamePattern = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
// What Node accepts in a header value: tab, visible ASCII, Latin-1; never CR or LF.
const headerValuePattern = '^[\\t\\u0020-\\u007e\\u0080-\\u00ff]*$';
const endpointUrlPattern = '^(?:https?|bolt|dubbo)://\\S+$';
const bindAddressPattern = '^[0-9A-Za-z.:%_-]+$';

/**
 * Readable reasons for pattern failures, keyed by the pattern text Ajv reports. Without them the
 * user would read the regular expression itself.
 */
export const patternMessages: ReadonlyMap<string, string> = new Map([
  [namePattern, "must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"],
  [hostPattern, 'must be a lower-case host name (shop.example.test), a wildcard (*.shop.test) or an IP address, without a port'],
  [pathPattern, 'must start with "/" and contain no spaces, control characters, "?" or "#"'],
  [headerNamePattern, 'must be a valid header name (letters, digits and !#$%&\'*+.^_`|~-)'],
  [headerValuePattern, 'must not contain line breaks or control characters'],
  [endpointUrlPattern, 'must be an http://, https://, bolt:// or dubbo:// URL'],
  [bindAddressPattern, 'must be an IP address or host name'],
  [pluginRefPattern, 'must be a plugin name (a-z, 0-9, \'.\', \'_\', \'-\'), optionally followed by @ and a version or range (authz, authz@1.2.3, authz@^1.2)'],
]);

/** The HTTP methods a route or a backend override may name. */
export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT'] as const;

/** Largest timeout the config accepts anywhere, so a typo cannot park a request for days. */
export const maxTimeoutMs = 3_600_000;

/** A group, api, cluster, plugin or binding name: lower-case, URL- and log-safe, at most 63 characters. */
export function nameDef(description: string): TString {
  return Type.String({ description, pattern: namePattern });
}

/** A host a group answers for: `shop.example.test`, `*.shop.test` (any depth below), `127.0.0.1`, `::1`. */
export function hostDef(description: string): TString {
  return Type.String({ description, minLength: 1, maxLength: 253, pattern: hostPattern });
}

/** A request or upstream path: starts with `/`, no query or fragment. */
export function pathDef(description: string): TString {
  return Type.String({ description, minLength: 1, maxLength: 2048, pattern: pathPattern });
}

/** An HTTP header name (token characters; compared case-insensitively at run time). */
export function headerName(description: string): TString {
  return Type.String({ description, minLength: 1, maxLength: 256, pattern: headerNamePattern });
}

/** An HTTP header value that Node will accept on the wire. */
export function headerValue(description: string): TString {
  return Type.String({ description, maxLength: 8192, pattern: headerValuePattern });
}

/** A base URL of an upstream endpoint; fully checked with the URL class in the semantic pass. */
export function endpointUrlDef(description: string): TString {
  return Type.String({ description, maxLength: 2048, pattern: endpointUrlPattern });
}

/** An address to listen on: an IPv4/IPv6 address or a host name. */
export function bindAddressDef(description: string, defaultAddress: string): TString {
  return Type.String({ description, default: defaultAddress, minLength: 1, maxLength: 253, pattern: bindAddressPattern });
}

/** A TCP port; 0 lets the operating system choose one (tests). */
export function portDef(description: string, defaultPort: number): TInteger {
  return Type.Integer({ description, default: defaultPort, minimum: 0, maximum: 65_535 });
}

/** Bounds and default of a {@link timeoutMs} field. */
export interface DurationOptions {
  readonly description: string;
  readonly default: number;
  /** Smallest accepted value; 1 unless 0 has a meaning for the field. */
  readonly minimum?: number;
  readonly maximum?: number;
}

/** A duration in milliseconds (the unit is in every such field's name). */
export function timeoutMs(options: DurationOptions): TInteger {
  return Type.Integer({
    description: options.description,
    default: options.default,
    minimum: options.minimum ?? 1,
    maximum: options.maximum ?? maxTimeoutMs,
  });
}

/** A whole-number percentage, 1..100 unless told otherwise. */
export function percent(description: string, defaultPercent: number, minimum = 1): TInteger {
  return Type.Integer({ description, default: defaultPercent, minimum, maximum: 100 });
}

/** One HTTP method name, upper-case. */
export function httpMethodDef(description: string): TUnsafe<(typeof httpMethods)[number]> {
  return stringEnum(httpMethods, { description });
}

/** A non-empty list of HTTP methods without repeats. */
export function httpMethodListDef(description: string): TArray<TUnsafe<(typeof httpMethods)[number]>> {
  return Type.Array(httpMethodDef('An HTTP method.'), { description, minItems: 1, uniqueItems: true });
}
