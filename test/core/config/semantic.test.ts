import { describe, expect, it } from 'vitest';
import { validateConfig, type ConfigIssue } from '../../../core/config/index.js';
import { changed, issueExample, type Edit } from './config-fixtures.js';

function issuesOf(...edits: readonly Edit[]): readonly ConfigIssue[] {
  const result = validateConfig(changed(...edits));
  if (result.ok) throw new Error('expected the document to be refused');
  return result.issues;
}

function isAccepted(...edits: readonly Edit[]): boolean {
  const result = validateConfig(changed(...edits));
  if (!result.ok) throw new Error(`expected the document to be accepted, got:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.ok;
}

const shop = { name: 'shop', hosts: ['shop.example.test'] };
const ping = { name: 'ping', group: 'shop', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock' } };
const items = { name: 'items', endpoints: [{ url: 'http://127.0.0.1:9000' }] };

describe('config semantic - groups', () => {
  it('config semantic - group names are unique', () => {
    expect(issuesOf(['groups', [shop, { name: 'shop' }]])).toEqual([
      { path: 'groups[1](shop).name', message: 'duplicate group name "shop" (also at groups[0](shop))' },
    ]);
  });

  it('config semantic - at most one group is the default', () => {
    expect(issuesOf(['groups', [{ ...shop, default: true }, { name: 'b', default: true }, { name: 'c', default: true }]])).toEqual([
      { path: 'groups[1](b).default', message: 'only one group may be the default; groups[0](shop) already is' },
      { path: 'groups[2](c).default', message: 'only one group may be the default; groups[0](shop) already is' },
    ]);
    expect(isAccepted(['groups', [{ ...shop, default: true }, { name: 'b', default: false }]])).toBe(true);
  });

  it('config semantic - a host belongs to one group only', () => {
    expect(issuesOf(['groups', [shop, { name: 'b', hosts: ['b.test', 'shop.example.test'] }]])).toEqual([
      { path: 'groups[1](b).hosts[1]', message: 'host "shop.example.test" already belongs to groups[0](shop)' },
    ]);
  });
});

describe('config semantic - apis', () => {
  it('config semantic - an api names an existing group', () => {
    expect(issuesOf(['apis.1.group', 'shops'])).toEqual([
      { path: 'apis[1](ping).group', message: 'no group named "shops" (groups: "shop")' },
    ]);
  });

  it('config semantic - api names are unique within a group, not across groups', () => {
    expect(issuesOf(['apis.1.name', 'get-item'])).toEqual([
      { path: 'apis[1](get-item).name', message: 'duplicate api name "get-item" in group "shop" (also at apis[0](get-item))' },
    ]);
    const other = { ...ping, group: 'other' };
    expect(isAccepted(['groups', [shop, { name: 'other' }]], ['apis', [ping, other]])).toBe(true);
  });

  it('config semantic - two apis of a group cannot answer the same path and method', () => {
    const again = { ...ping, name: 'ping-again' };
    expect(issuesOf(['apis', [ping, again]])).toEqual([
      { path: 'apis[1](ping-again).match', message: 'same route as apis[0](ping): exact /ping for any method' },
    ]);
  });

  it('config semantic - overlapping methods collide; disjoint methods do not', () => {
    const get = { ...ping, name: 'get', match: { path: '/p', type: 'prefix', methods: ['GET', 'POST'] } };
    const post = { ...ping, name: 'post', match: { path: '/p/', type: 'prefix', methods: ['PUT', 'POST'] } };
    expect(issuesOf(['apis', [get, post]])).toEqual([
      { path: 'apis[1](post).match', message: 'same route as apis[0](get): prefix /p/ for POST' },
    ]);
    const put = { ...post, match: { path: '/p', type: 'prefix', methods: ['PUT'] } };
    const exact = { ...ping, name: 'exact', match: { path: '/p', type: 'exact', methods: ['GET'] } };
    expect(isAccepted(['apis', [get, put, exact]])).toBe(true);
  });

  it('config semantic - an http backend names an existing cluster', () => {
    expect(issuesOf(['apis.0.backend.cluster', 'item'])).toEqual([
      { path: 'apis[0](get-item).backend.cluster', message: 'no cluster named "item" (clusters: "items")' },
    ]);
  });

  it('config semantic - an api lists a plugin once', () => {
    expect(issuesOf(['apis.0.plugins', [{ name: 'request-id' }, { name: 'cors' }, { name: 'request-id', enabled: false }]])).toEqual([
      {
        path: 'apis[0](get-item).plugins[2](request-id).name',
        message: 'plugin "request-id" is listed twice for this api (also at apis[0](get-item).plugins[0](request-id))',
      },
    ]);
  });
});

describe('config semantic - clusters', () => {
  it('config semantic - cluster names are unique', () => {
    expect(issuesOf(['clusters', [items, items]])).toEqual([
      { path: 'clusters[1](items).name', message: 'duplicate cluster name "items" (also at clusters[0](items))' },
    ]);
  });

  const badUrls: readonly [url: string, message: string][] = [
    ['http://:80', '"http://:80" is not a valid URL'],
    ['http://[::1', '"http://[::1" is not a valid URL'],
    ['http://127.0.0.1:99999', '"http://127.0.0.1:99999" is not a valid URL'],
    ['http://127.0.0.1:0', 'port must be 1-65535'],
    ['http://user:secret@127.0.0.1:9000', 'must not contain credentials'],
    ['http://127.0.0.1:9000/base?x=1', 'must not contain a query'],
    ['http://127.0.0.1:9000/#top', 'must not contain a fragment'],
  ];
  it.each(badUrls)('config semantic - endpoint %s is refused', (url, message) => {
    expect(issuesOf(['clusters.0.endpoints.0.url', url])).toEqual([{ path: 'clusters[0](items).endpoints[0].url', message }]);
  });

  it('config semantic - endpoints with a default port, https or a base path are accepted', () => {
    const endpoints = [{ url: 'http://upstream.test' }, { url: 'https://127.0.0.1:8443' }, { url: 'http://127.0.0.1:9000/base' }];
    expect(isAccepted(['clusters.0.endpoints', endpoints])).toBe(true);
  });

  it('config semantic - an endpoint is listed once per cluster', () => {
    const endpoints = [{ url: 'http://127.0.0.1:9000' }, { url: 'http://127.0.0.1:9001' }, { url: 'http://127.0.0.1:9000/' }];
    expect(issuesOf(['clusters.0.endpoints', endpoints])).toEqual([
      {
        path: 'clusters[0](items).endpoints[2].url',
        message: 'same endpoint as clusters[0](items).endpoints[0]; use weight to give it a larger share',
      },
    ]);
  });
});

describe('config semantic - bindings', () => {
  it('config semantic - a group binding names an existing group', () => {
    expect(issuesOf(['bindings.0', { plugin: 'cors', scope: 'group', group: 'shoop' }])).toEqual([
      { path: 'bindings[0].group', message: 'no group named "shoop" (groups: "shop")' },
    ]);
    expect(isAccepted(['bindings.0', { plugin: 'cors', scope: 'group', group: 'shop' }])).toBe(true);
  });

  it('config semantic - an api binding names an api of its group', () => {
    expect(issuesOf(['bindings.0', { plugin: 'cors', scope: 'api', group: 'shop', api: 'pong' }])).toEqual([
      { path: 'bindings[0].api', message: 'no api named "pong" in group "shop" (apis: "get-item", "ping")' },
    ]);
    expect(isAccepted(['bindings.0', { plugin: 'cors', scope: 'api', group: 'shop', api: 'ping' }])).toBe(true);
  });

  it('config semantic - fields the scope does not use are refused', () => {
    expect(issuesOf(['bindings.0', { plugin: 'cors', scope: 'global', group: 'shop', api: 'ping' }])).toEqual([
      { path: 'bindings[0].group', message: 'only allowed when scope is "group" or "api" (scope is "global")' },
      { path: 'bindings[0].api', message: 'only allowed when scope is "api" (scope is "global")' },
    ]);
    expect(issuesOf(['bindings.0', { plugin: 'cors', scope: 'group', group: 'shop', api: 'ping' }])).toEqual([
      { path: 'bindings[0].api', message: 'only allowed when scope is "api" (scope is "group")' },
    ]);
  });

  it('config semantic - binding ids are unique; bindings without ids are not compared', () => {
    const bindings = [
      { id: 'trace', plugin: 'request-id', scope: 'global' },
      { plugin: 'request-id', scope: 'global' },
      { id: 'trace', plugin: 'cors', scope: 'global' },
    ];
    expect(issuesOf(['bindings', bindings])).toEqual([
      { path: 'bindings[2](trace).id', message: 'duplicate binding id "trace" (also at bindings[0](trace))' },
    ]);
  });
});

describe('config semantic - listen and ordering', () => {
  it('config semantic - the admin API needs its own port', () => {
    expect(issuesOf(['listen', { http: 8080, admin: 8080 }])).toEqual([
      { path: 'listen.admin', message: 'must differ from listen.http (both are 8080)' },
    ]);
    expect(isAccepted(['listen', { http: 0, admin: 0 }])).toBe(true);
    expect(isAccepted(['listen', { http: 8080, admin: 8080, host: '10.0.0.5', adminHost: '127.0.0.1' }])).toBe(true);
  });

  it('config semantic - meaning is checked only once the shape is right', () => {
    const issues = issuesOf(['apis.1.group', 'nowhere'], ['apis.0.match.type', 'prefixed']);
    expect(issues).toEqual([{ path: 'apis[0](get-item).match.type', message: 'must be one of exact, prefix' }]);
  });

  it('config semantic - every semantic issue is reported at once', () => {
    const issues = issuesOf(['apis.1.group', 'nowhere'], ['apis.0.backend.cluster', 'nothing'], ['bindings.0.id', 'x'], ['bindings.1', { id: 'x', plugin: 'cors', scope: 'global' }]);
    expect(issues.map((issue) => issue.path)).toEqual(['apis[1](ping).group', 'apis[0](get-item).backend.cluster', 'bindings[1](x).id']);
  });

  it('config semantic - the example passes every rule', () => {
    expect(validateConfig(issueExample()).ok).toBe(true);
  });
});
