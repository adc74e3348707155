import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  gantryConfigSchema,
  parseConfigText,
  validateConfig,
  type BackendConfig,
  type GantryConfig,
  type HttpBackendConfig,
  type MockBackendConfig,
} from '../../../core/config/index.js';
import { changed, issueExample, issueExampleYaml, quickstartUrl, remove } from './config-fixtures.js';

function accepted(document: unknown): GantryConfig {
  const result = validateConfig(document);
  if (!result.ok) throw new Error(`expected the document to be accepted, got:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.config;
}

function parsed(text: string): unknown {
  const result = parseConfigText(text, 'test.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.document;
}

describe('config schema - sanity', () => {
  it('config schema - the example from the issue is accepted as written', () => {
    const config = accepted(parsed(issueExampleYaml));
    expect(config.groups[0]).toEqual({ name: 'shop', hosts: ['shop.example.test', '*.shop.test'], default: false });
    expect(config.apis.map((api) => api.name)).toEqual(['get-item', 'ping']);
    expect(config.apis[0]?.match).toEqual({ path: '/items', type: 'prefix', methods: ['GET', 'POST'] });
    expect(config.apis[1]?.backend).toEqual({
      protocol: 'mock',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"pong":true}',
    });
    expect(config.bindings).toEqual([{ plugin: 'request-id', scope: 'global', config: {}, enabled: true, failurePolicy: 'closed' }]);
  });

  it('config schema - ops/examples/quickstart.yaml is accepted', async () => {
    const config = accepted(parsed(await readFile(quickstartUrl, 'utf8')));
    expect(config.listen).toMatchObject({ http: 8080, admin: 9080 });
    expect(config.groups).toEqual([{ name: 'demo', hosts: ['localhost', '127.0.0.1'], default: true }]);
    expect(config.apis.map((api) => [api.name, api.match.type, api.match.path])).toEqual([
      ['ping', 'exact', '/ping'],
      ['echo', 'prefix', '/echo'],
      ['items', 'prefix', '/items'],
    ]);
    expect(config.apis[0]?.backend).toMatchObject({ protocol: 'mock', status: 200, body: '{"pong":true}' });
    expect(config.apis[1]?.backend).toEqual({
      protocol: 'http',
      cluster: 'echo',
      path: '/echo',
      timeoutMs: 3000,
      retries: 1,
      preserveHost: false,
    });
    expect(config.apis[2]?.plugins.map((plugin) => plugin.name)).toEqual(['request-id', 'header-rewrite']);
    expect(config.apis[2]?.plugins[1]?.config).toEqual({
      request: { set: { 'x-demo': '1' } },
      response: { set: { 'x-served-by': 'gantry' } },
    });
    expect(config.clusters[0]?.endpoints).toEqual([{ url: 'http://127.0.0.1:9000', weight: 1 }]);
    expect(config.bindings).toMatchObject([{ plugin: 'request-id', scope: 'global' }]);
  });

  it('config schema - a document of only `version: 1` is an empty, complete config', () => {
    const config = accepted({ version: 1 });
    expect(config).toMatchObject({ groups: [], apis: [], clusters: [], bindings: [] });
  });

  it('config schema - a validated config validates again to an equal config', () => {
    const config = accepted(issueExample());
    expect(accepted(config)).toEqual(config);
  });
});

describe('config schema - defaults', () => {
  const config = accepted(
    changed(
      ['listen', remove],
      ['groups.0.hosts', remove],
      ['apis.0.backend', { protocol: 'http', cluster: 'items' }],
      ['apis.0.plugins', [{ name: 'request-id' }]],
      ['apis.1.backend', { protocol: 'mock' }],
      ['apis.1.plugins', remove],
      ['clusters.0', { name: 'items', endpoints: [{ url: 'http://127.0.0.1:9000' }] }],
      ['bindings.0', { plugin: 'request-id', scope: 'global' }],
    ),
  );

  it('config schema - listen and limits get their defaults', () => {
    expect(config.listen).toEqual({ http: 8080, admin: 9080, host: '0.0.0.0', adminHost: '127.0.0.1' });
    expect(config.limits).toEqual({
      bodyBytes: 10 * 1024 * 1024,
      headerBytes: 16_384,
      drainTimeoutMs: 10_000,
      headersTimeoutMs: 60_000,
      keepAliveTimeoutMs: 72_000,
    });
  });

  it('config schema - groups default to no hosts and not default', () => {
    expect(config.groups[0]).toEqual({ name: 'shop', hosts: [], default: false });
  });

  it('config schema - http backends default timeout, retries and preserveHost; no path or method', () => {
    expect(config.apis[0]?.backend).toEqual({
      protocol: 'http',
      cluster: 'items',
      timeoutMs: 3000,
      retries: 0,
      preserveHost: false,
    });
  });

  it('config schema - mock backends default to 200, no headers, empty body and no result code', () => {
    expect(config.apis[1]?.backend).toEqual({ protocol: 'mock', status: 200, headers: {}, body: '' });
    expect(config.apis[1]?.plugins).toEqual([]);
  });

  it('config schema - plugin references and bindings default to an empty, enabled config', () => {
    expect(config.apis[0]?.plugins).toEqual([{ name: 'request-id', config: {}, enabled: true, failurePolicy: 'closed' }]);
    expect(config.bindings).toEqual([{ plugin: 'request-id', scope: 'global', config: {}, enabled: true, failurePolicy: 'closed' }]);
  });

  it('config schema - clusters default lb, weight, breaker and pool', () => {
    expect(config.clusters[0]).toEqual({
      name: 'items',
      lb: 'round-robin',
      endpoints: [{ url: 'http://127.0.0.1:9000', weight: 1 }],
      breaker: { errorThresholdPercentage: 50, resetTimeoutMs: 10_000, volumeThreshold: 20, rollingCountTimeoutMs: 10_000 },
      pool: { connections: 128, keepAliveTimeoutMs: 4000, connectTimeoutMs: 2000, pipelining: 1 },
    });
  });

  it('config schema - a partly written section keeps its values and gets the rest', () => {
    const partial = accepted(changed(['clusters.0.pool', { connections: 8 }], ['listen', { admin: 0 }]));
    expect(partial.clusters[0]?.pool).toEqual({ connections: 8, keepAliveTimeoutMs: 4000, connectTimeoutMs: 2000, pipelining: 1 });
    expect(partial.listen).toEqual({ http: 8080, admin: 0, host: '0.0.0.0', adminHost: '127.0.0.1' });
  });
});

describe('config schema - input and output', () => {
  it('config schema - the caller\'s document is not changed, accepted or refused', () => {
    const good = changed(['clusters.0.pool', remove]);
    const goodBefore = structuredClone(good);
    accepted(good);
    expect(good).toEqual(goodBefore);

    const bad = changed(['apis.0.match.type', 'nearly']);
    const badBefore = structuredClone(bad);
    expect(validateConfig(bad).ok).toBe(false);
    expect(bad).toEqual(badBefore);
  });

  it('config schema - the accepted config is deeply frozen', () => {
    const config = accepted(issueExample());
    const parts = [
      config,
      config.listen,
      config.apis,
      config.apis[0]?.backend,
      config.apis[0]?.match.methods,
      config.apis[0]?.plugins[0]?.config,
      config.clusters[0]?.endpoints[0],
      config.clusters[0]?.pool,
    ];
    for (const part of parts) {
      expect(typeof part).toBe('object');
      expect(Object.isFrozen(part)).toBe(true);
    }
    const backend = config.apis[1]?.backend as unknown as { status: number };
    expect(() => {
      backend.status = 500;
    }).toThrow(TypeError);
  });

  it('config schema - the exported JSON Schema is plain, frozen JSON', () => {
    expect(JSON.parse(JSON.stringify(gantryConfigSchema))).toEqual(gantryConfigSchema);
    expect(Object.isFrozen(gantryConfigSchema)).toBe(true);
    expect(gantryConfigSchema).toMatchObject({ type: 'object', additionalProperties: false, required: ['version'] });
  });

  it('config schema - every declared field has a description', () => {
    const undocumented: string[] = [];
    const visit = (schema: unknown, path: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      const node = schema as Record<string, unknown>;
      for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
        if (typeof (value as { description?: unknown }).description !== 'string') undocumented.push(`${path}.${key}`);
        visit(value, `${path}.${key}`);
      }
      if (node.items !== undefined) visit(node.items, `${path}[]`);
      if (Array.isArray(node.oneOf)) node.oneOf.forEach((variant, index) => visit(variant, `${path}<${index}>`));
    };
    visit(gantryConfigSchema, '$');
    expect(undocumented).toEqual([]);
  });

  it('config schema - types describe the config after defaults', () => {
    expectTypeOf<GantryConfig['listen']['http']>().toEqualTypeOf<number>();
    expectTypeOf<HttpBackendConfig['timeoutMs']>().toEqualTypeOf<number>();
    expectTypeOf<HttpBackendConfig['path']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MockBackendConfig['resultCode']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BackendConfig['protocol']>().toEqualTypeOf<'http' | 'mock' | 'sofarpc' | 'dubbo'>();
    expectTypeOf<GantryConfig['apis'][number]['match']['type']>().toEqualTypeOf<'exact' | 'prefix' | undefined>();
    expectTypeOf<GantryConfig['clusters'][number]['lb']>().toEqualTypeOf<'random' | 'round-robin' | 'weighted'>();
  });
});
