import { describe, expect, it } from 'vitest';
import { formatIssues, validateConfig, type ConfigIssue } from '../../../core/config/index.js';
import { changed, issueExample, remove, type Edit } from './config-fixtures.js';

function issuesOf(document: unknown): readonly ConfigIssue[] {
  const result = validateConfig(document);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.issues;
}

const methods = 'GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT';

// Each edit to the issue's example must be refused with exactly this one issue.
const cases: readonly { what: string; edits: readonly Edit[]; path: string; message: string }[] = [
  // enums
  { what: 'bad match type', edits: [['apis.0.match.type', 'prefixed']], path: 'apis[0](get-item).match.type', message: 'must be one of exact, prefix' },
  { what: 'lower-case method', edits: [['apis.0.match.methods', ['get']]], path: 'apis[0](get-item).match.methods[0]', message: `must be one of ${methods}` },
  { what: 'bad backend method', edits: [['apis.0.backend.method', 'FETCH']], path: 'apis[0](get-item).backend.method', message: `must be one of ${methods}` },
  { what: 'bad lb', edits: [['clusters.0.lb', 'least-conn']], path: 'clusters[0](items).lb', message: 'must be one of random, round-robin, weighted' },
  { what: 'bad binding scope', edits: [['bindings.0.scope', 'route']], path: 'bindings[0].scope', message: 'must be one of global, group, api' },
  // unknown fields
  { what: 'misspelt backend field', edits: [['apis.0.backend.timeout', 3000]], path: 'apis[0](get-item).backend', message: 'unknown field "timeout" (did you mean "timeoutMs"?)' },
  { what: 'unknown top-level field', edits: [['routes', []]], path: '', message: 'unknown field "routes"' },
  { what: 'field of the other backend', edits: [['apis.0.backend.status', 200]], path: 'apis[0](get-item).backend', message: 'unknown field "status"' },
  { what: 'unknown pool field', edits: [['clusters.0.pool', { maxConnections: 4 }]], path: 'clusters[0](items).pool', message: 'unknown field "maxConnections"' },
  { what: 'unknown field in listen', edits: [['listen.https', 8443]], path: 'listen', message: 'unknown field "https" (did you mean "http"?)' },
  // missing fields
  { what: 'missing cluster', edits: [['apis.0.backend.cluster', remove]], path: 'apis[0](get-item).backend.cluster', message: 'is required' },
  { what: 'missing api name', edits: [['apis.0.name', remove]], path: 'apis[0].name', message: 'is required' },
  { what: 'missing match', edits: [['apis.1.match', remove]], path: 'apis[1](ping).match', message: 'is required' },
  { what: 'missing match type', edits: [['apis.1.match.type', remove]], path: 'apis[1](ping).match.type', message: 'is required' },
  { what: 'missing version', edits: [['version', remove]], path: 'version', message: 'is required' },
  { what: 'missing endpoint url', edits: [['clusters.0.endpoints.0', { weight: 2 }]], path: 'clusters[0](items).endpoints[0].url', message: 'is required' },
  { what: 'group scope without group', edits: [['bindings.0.scope', 'group']], path: 'bindings[0].group', message: 'is required' },
  // the backend union
  { what: 'unknown protocol', edits: [['apis.1.backend.protocol', 'grpc']], path: 'apis[1](ping).backend.protocol', message: 'must be one of http, mock, sofarpc, dubbo' },
  { what: 'non-string protocol', edits: [['apis.1.backend.protocol', 7]], path: 'apis[1](ping).backend.protocol', message: 'must be one of http, mock, sofarpc, dubbo' },
  { what: 'missing protocol', edits: [['apis.1.backend.protocol', remove]], path: 'apis[1](ping).backend.protocol', message: 'is required (one of http, mock, sofarpc, dubbo)' },
  { what: 'backend not an object', edits: [['apis.1.backend', 'mock']], path: 'apis[1](ping).backend', message: 'must be an object (got "mock")' },
  // types
  { what: 'quoted number', edits: [['apis.0.backend.timeoutMs', '3000']], path: 'apis[0](get-item).backend.timeoutMs', message: 'must be an integer (got "3000")' },
  { what: 'fractional number', edits: [['apis.0.backend.retries', 1.5]], path: 'apis[0](get-item).backend.retries', message: 'must be an integer (got 1.5)' },
  { what: 'boolean as a string', edits: [['groups.0.default', 'yes']], path: 'groups[0](shop).default', message: 'must be true or false (got "yes")' },
  { what: 'plugin config not an object', edits: [['apis.0.plugins.0.config', 'on']], path: 'apis[0](get-item).plugins[0](request-id).config', message: 'must be an object (got "on")' },
  { what: 'hosts not a list', edits: [['groups.0.hosts', 'shop.example.test']], path: 'groups[0](shop).hosts', message: 'must be a list (got "shop.example.test")' },
  { what: 'version as a string', edits: [['version', '1']], path: 'version', message: 'must be a number (got "1")' },
  { what: 'wrong-typed enum value', edits: [['apis.0.match.type', 3]], path: 'apis[0](get-item).match.type', message: 'must be a string (got 3)' },
  // ranges
  { what: 'zero timeout', edits: [['apis.0.backend.timeoutMs', 0]], path: 'apis[0](get-item).backend.timeoutMs', message: 'must be >= 1' },
  { what: 'huge timeout', edits: [['apis.0.backend.timeoutMs', 600_001]], path: 'apis[0](get-item).backend.timeoutMs', message: 'must be <= 600000' },
  { what: 'too many retries', edits: [['apis.0.backend.retries', 6]], path: 'apis[0](get-item).backend.retries', message: 'must be <= 5' },
  { what: 'mock status too low', edits: [['apis.1.backend.status', 99]], path: 'apis[1](ping).backend.status', message: 'must be >= 100' },
  { what: 'mock result code not 4 digits', edits: [['apis.1.backend.resultCode', 999]], path: 'apis[1](ping).backend.resultCode', message: 'must be >= 1000' },
  { what: 'weight zero', edits: [['clusters.0.endpoints.0.weight', 0]], path: 'clusters[0](items).endpoints[0].weight', message: 'must be >= 1' },
  { what: 'percentage over 100', edits: [['clusters.0.breaker.errorThresholdPercentage', 101]], path: 'clusters[0](items).breaker.errorThresholdPercentage', message: 'must be <= 100' },
  { what: 'port out of range', edits: [['listen.http', 70_000]], path: 'listen.http', message: 'must be <= 65535' },
  { what: 'negative body limit', edits: [['limits', { bodyBytes: -1 }]], path: 'limits.bodyBytes', message: 'must be >= 0' },
  // lists
  { what: 'empty methods', edits: [['apis.0.match.methods', []]], path: 'apis[0](get-item).match.methods', message: 'must list at least one item' },
  { what: 'repeated method', edits: [['apis.0.match.methods', ['GET', 'POST', 'GET']]], path: 'apis[0](get-item).match.methods', message: 'must not repeat "GET" (items [0] and [2])' },
  // patterns
  { what: 'upper-case name', edits: [['groups.0.name', 'Shop']], path: 'groups[0](Shop).name', message: "must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit" },
  { what: 'host with a port', edits: [['groups.0.hosts', ['shop.example.test:8080']]], path: 'groups[0](shop).hosts[0]', message: 'must be a lower-case host name (shop.example.test), a wildcard (*.shop.test) or an IP address, without a port' },
  { what: 'upper-case host', edits: [['groups.0.hosts', ['Shop.Example.Test']]], path: 'groups[0](shop).hosts[0]', message: 'must be a lower-case host name (shop.example.test), a wildcard (*.shop.test) or an IP address, without a port' },
  { what: 'inner wildcard', edits: [['groups.0.hosts', ['a.*.test']]], path: 'groups[0](shop).hosts[0]', message: 'must be a lower-case host name (shop.example.test), a wildcard (*.shop.test) or an IP address, without a port' },
  { what: 'path without slash', edits: [['apis.1.match.path', 'ping']], path: 'apis[1](ping).match.path', message: 'must start with "/" and contain no spaces, control characters, "?" or "#"' },
  { what: 'path with a query', edits: [['apis.0.backend.path', '/v1?x=1']], path: 'apis[0](get-item).backend.path', message: 'must start with "/" and contain no spaces, control characters, "?" or "#"' },
  { what: 'non-http endpoint', edits: [['clusters.0.endpoints.0.url', 'ftp://127.0.0.1:21']], path: 'clusters[0](items).endpoints[0].url', message: 'must be an http://, https://, bolt:// or dubbo:// URL' },
  { what: 'bad header name', edits: [['apis.1.backend.headers', { 'bad header': 'x' }]], path: 'apis[1](ping).backend.headers["bad header"]', message: "invalid name: must be a valid header name (letters, digits and !#$%&'*+.^_`|~-)" },
  { what: 'header value with a line break', edits: [['apis.1.backend.headers', { 'x-a': 'a\r\nx-b: b' }]], path: 'apis[1](ping).backend.headers.x-a', message: 'must not contain line breaks or control characters' },
  { what: 'header value not a string', edits: [['apis.1.backend.headers', { 'x-a': 1 }]], path: 'apis[1](ping).backend.headers.x-a', message: 'must be a string (got 1)' },
  { what: 'empty name', edits: [['clusters.0.name', '']], path: 'clusters[0].name', message: "must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit" },
];

describe('config rejects - one wrong field, one issue naming it', () => {
  it.each(cases)('config rejects - $what', ({ edits, path, message }) => {
    expect(issuesOf(changed(...edits))).toEqual([{ path, message }]);
  });
});

describe('config rejects - whole documents', () => {
  it('config rejects - a document that is not an object', () => {
    expect(issuesOf(null)).toEqual([{ path: '', message: 'must be an object (got null)' }]);
    expect(issuesOf([1])).toEqual([{ path: '', message: 'must be an object (got a list)' }]);
  });

  it('config rejects - another config version is one issue, whatever else the document holds', () => {
    const document = { ...issueExample(), version: 2, routes: [], apis: 'later' };
    expect(issuesOf(document)).toEqual([
      { path: 'version', message: 'unsupported config version 2; this gateway reads version 1' },
    ]);
  });

  it('config rejects - a value that is not plain data is refused, not thrown', () => {
    const issues = issuesOf({ ...issueExample(), listen: { http: () => 8080 } });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toMatch(/^must be plain data/);
  });

  it('config rejects - every problem is reported at once, in document order', () => {
    const issues = issuesOf(
      changed(
        ['listen.admin', -1],
        ['apis.0.match.type', 'prefixed'],
        ['apis.0.backend.cluster', remove],
        ['apis.1.backend.protocol', 'grpc'],
        ['clusters.0.endpoints.0.weight', 1001],
        ['bindings.0.enabled', 'no'],
      ),
    );
    expect(issues).toEqual([
      { path: 'listen.admin', message: 'must be >= 0' },
      { path: 'apis[0](get-item).match.type', message: 'must be one of exact, prefix' },
      { path: 'apis[0](get-item).backend.cluster', message: 'is required' },
      { path: 'apis[1](ping).backend.protocol', message: 'must be one of http, mock, sofarpc, dubbo' },
      { path: 'clusters[0](items).endpoints[0].weight', message: 'must be <= 1000' },
      { path: 'bindings[0].enabled', message: 'must be true or false (got "no")' },
    ]);
  });

  it('config rejects - api scope without api and group reports both fields', () => {
    expect(issuesOf(changed(['bindings.0.scope', 'api']))).toEqual([
      { path: 'bindings[0].group', message: 'is required' },
      { path: 'bindings[0].api', message: 'is required' },
    ]);
  });

  it('config rejects - a labelled item keeps its label deep in the path', () => {
    const issues = issuesOf(changed(['apis.0.plugins', [{ name: 'request-id' }, { name: 'cors', enabled: 1 }]]));
    expect(issues).toEqual([{ path: 'apis[0](get-item).plugins[1](cors).enabled', message: 'must be true or false (got 1)' }]);
  });
});

describe('config rejects - formatting', () => {
  it('config rejects - formatIssues writes one line per issue, prefixed by the origin', () => {
    const issues = issuesOf(changed(['apis.0.match.type', 'prefixed'], ['routes', []]));
    expect(formatIssues('quickstart.yaml', issues)).toBe(
      ['quickstart.yaml: unknown field "routes"', 'quickstart.yaml: apis[0](get-item).match.type: must be one of exact, prefix'].join('\n'),
    );
  });

  it('config rejects - formatIssues of no issues is empty', () => {
    expect(formatIssues('x.yaml', [])).toBe('');
  });
});
