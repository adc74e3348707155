import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig, type ConfigIssue, type GantryConfig } from '../../../core/config/index.js';

/** The RPC example of the SOFARPC/Dubbo issue, verbatim, after the parts it leaves out (version, the group, cluster `items`). */
const issueRpcYaml = `
version: 1
groups: [ { name: shop, hosts: [shop.example.test] } ]
listen: { http: 8080, admin: 9080, bolt: 12200, dubbo: 20880 }   # bolt/dubbo fronts optional
clusters:
  - { name: echo-sofa, lb: round-robin, endpoints: [ { url: "bolt://127.0.0.1:12201" } ] }
  - { name: echo-dubbo, endpoints: [ { url: "dubbo://127.0.0.1:20881" } ] }
  - { name: items, endpoints: [ { url: "http://127.0.0.1:9000" } ] }
apis:
  - name: echo-rpc
    group: shop
    match: { path: /rpc/echo, type: exact, methods: [POST] }
    backend:
      protocol: sofarpc                  # or dubbo (then uniqueId is the Dubbo group)
      cluster: echo-sofa
      service: com.example.echo.EchoService
      version: "1.0"
      uniqueId: blue                     # optional
      method: echo
      args:
        - { source: body, key: "$.text", type: java.lang.String }
      timeoutMs: 3000
  - name: add-from-bolt                  # an RPC front call routed to an HTTP backend
    group: shop
    match: { rpc: { service: com.example.calc.Calc, version: "1.0", method: add } }
    backend: { protocol: http, cluster: items, path: /calc/add, method: POST }
`;

function document(): Record<string, unknown> {
  return parse(issueRpcYaml) as Record<string, unknown>;
}

function accepted(doc: unknown): GantryConfig {
  const result = validateConfig(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

function issues(doc: unknown): readonly ConfigIssue[] {
  const result = validateConfig(doc);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.issues;
}

type Api = Record<string, unknown> & { backend: Record<string, unknown>; match: Record<string, unknown> };

function withApi(edit: (apis: Api[]) => void, clusters?: (clusters: Record<string, unknown>[]) => void): Record<string, unknown> {
  const doc = document();
  edit(doc.apis as Api[]);
  clusters?.(doc.clusters as Record<string, unknown>[]);
  return doc;
}

describe('config rpc - accepted shapes', () => {
  it('config rpc - the issue example validates as written, with defaults', () => {
    const config = accepted(document());
    expect(config.listen).toMatchObject({ bolt: 12200, dubbo: 20880 });
    const backend = config.apis[0]?.backend;
    expect(backend).toMatchObject({ protocol: 'sofarpc', uniqueId: 'blue', retries: 0, serialization: 'hessian2', args: [{ source: 'body', key: '$.text', type: 'java.lang.String' }] });
    expect(config.apis[1]?.match).toEqual({ rpc: { service: 'com.example.calc.Calc', version: '1.0', method: 'add' } });
  });

  it('config rpc - RPC fronts stay off unless listed', () => {
    const doc = document();
    doc.listen = { http: 8080 };
    expect(accepted(doc).listen.bolt).toBeUndefined();
  });

  it('config rpc - a dubbo backend with a group and no version', () => {
    const config = accepted(withApi((apis) => {
      apis[0]!.backend = { protocol: 'dubbo', cluster: 'echo-dubbo', service: 'com.example.echo.EchoService', uniqueId: 'g1', method: 'echo', args: [{ source: 'bodyWhole', type: 'java.util.Map' }] };
    }));
    expect(config.apis[0]?.backend).toMatchObject({ protocol: 'dubbo', uniqueId: 'g1', timeoutMs: 3000 });
  });
});

describe('config rpc - refusals name the field', () => {
  it('config rpc - a sofarpc backend needs bolt:// endpoints', () => {
    expect(issues(withApi((apis) => { apis[0]!.backend.cluster = 'echo-dubbo'; }))).toEqual([
      { path: 'apis[0](echo-rpc).backend.cluster', message: 'a sofarpc backend needs bolt:// endpoints; cluster "echo-dubbo" has dubbo://127.0.0.1:20881' },
    ]);
  });

  it('config rpc - an http backend cannot use a bolt cluster', () => {
    expect(issues(withApi((apis) => { apis[1]!.backend.cluster = 'echo-sofa'; }))[0]?.path).toBe('apis[1](add-from-bolt).backend.cluster');
  });

  it('config rpc - an API needs a path or rpc match, and a path needs a type', () => {
    expect(issues(withApi((apis) => { apis[1]!.match = {}; }))).toEqual([
      { path: 'apis[1](add-from-bolt).match', message: 'needs `path` (HTTP front) or `rpc` (Bolt/Dubbo fronts), or both' },
    ]);
    expect(issues(withApi((apis) => { apis[0]!.match = { path: '/x' }; }))).toEqual([{ path: 'apis[0](echo-rpc).match.type', message: 'is required' }]);
  });

  it('config rpc - argument keys: required, JSON paths, path indexes', () => {
    expect(issues(withApi((apis) => {
      apis[0]!.backend.args = [{ source: 'query', type: 'int' }, { source: 'body', key: 'text', type: 'int' }, { source: 'path', key: 'x', type: 'int' }, { source: 'bodyWhole', key: '$', type: 'java.util.Map' }];
    }))).toEqual([
      { path: 'apis[0](echo-rpc).backend.args[0].key', message: 'is required for source query' },
      { path: 'apis[0](echo-rpc).backend.args[1].key', message: 'must be a JSON path such as $.text or $.items[0].name' },
      { path: 'apis[0](echo-rpc).backend.args[2].key', message: 'must be a path segment index (0 the first, -1 the last)' },
      { path: 'apis[0](echo-rpc).backend.args[3].key', message: 'must be absent for source bodyWhole (the whole body is the argument)' },
    ]);
  });

  it('config rpc - a bad Java type and an unknown source', () => {
    const found = issues(withApi((apis) => { apis[0]!.backend.args = [{ source: 'cookie', key: 'a', type: 'java lang' }]; }));
    expect(found).toContainEqual({ path: 'apis[0](echo-rpc).backend.args[0].type', message: 'must be a Java type: a primitive (int, long...) or a class name such as java.lang.String' });
    expect(found.some((issue) => issue.path === 'apis[0](echo-rpc).backend.args[0].source')).toBe(true);
  });

  it('config rpc - two APIs cannot answer the same RPC service and method', () => {
    const doc = withApi((apis) => { apis.push({ ...apis[1]!, name: 'again' }); });
    expect(issues(doc)).toEqual([{ path: 'apis[2](again).match.rpc', message: 'same RPC route as apis[1](add-from-bolt): com.example.calc.Calc add' }]);
  });

  it('config rpc - protobuf needs its proto block', () => {
    expect(issues(withApi((apis) => { apis[0]!.backend.serialization = 'protobuf'; }))).toEqual([
      { path: 'apis[0](echo-rpc).backend.proto', message: 'is required with serialization protobuf' },
    ]);
  });

  it('config rpc - a proto block names exactly one of file, source, descriptorSet', () => {
    const proto = (types: Record<string, string>) => withApi((apis) => {
      apis[0]!.backend.serialization = 'protobuf';
      apis[0]!.backend.proto = { ...types, requestType: 'a.B', responseType: 'a.C' };
    });
    const backend = accepted(proto({ source: 'syntax = "proto3";' })).apis[0]?.backend;
    expect(backend?.protocol === 'sofarpc' ? backend.proto : undefined).toEqual({ source: 'syntax = "proto3";', requestType: 'a.B', responseType: 'a.C' });
    expect(issues(proto({}))).toEqual([{ path: 'apis[0](echo-rpc).backend.proto', message: 'needs exactly one of file, source, descriptorSet' }]);
    expect(issues(proto({ file: 'a.proto', descriptorSet: 'AAAA' }))).toEqual([
      { path: 'apis[0](echo-rpc).backend.proto', message: 'needs exactly one of file, source, descriptorSet (has file and descriptorSet)' },
    ]);
    expect(issues(proto({ descriptorSet: 'not base64!' }))[0]?.path).toBe('apis[0](echo-rpc).backend.proto.descriptorSet');
  });

  it('config rpc - RPC front ports differ from the others; RPC endpoints name a port and no path', () => {
    const doc = document();
    doc.listen = { http: 8080, admin: 9080, bolt: 8080 };
    expect(issues(doc)).toEqual([{ path: 'listen.bolt', message: 'must differ from listen.http (both are 8080)' }]);
    const noPort = withApi(() => undefined, (clusters) => { clusters[0]!.endpoints = [{ url: 'bolt://127.0.0.1/x' }]; });
    expect(issues(noPort)[0]).toEqual({ path: 'clusters[0](echo-sofa).endpoints[0].url', message: 'must name a port' });
  });
});
