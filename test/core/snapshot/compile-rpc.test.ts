import { describe, expect, it } from 'vitest';
import type { GantryConfig } from '../../../core/config/types.js';
import { validateConfig } from '../../../core/config/validate-config.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { compileSnapshot, type CompileContext } from '../../../core/snapshot/compile-snapshot.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { SharedResources } from '../../../core/snapshot/shared-resources.js';

function context(resources: SharedResources): CompileContext {
  return {
    resources,
    catalog: new PluginCatalog([]),
    host: { loggerFor: () => ({ debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }), switches: new StaticSwitches() },
  };
}

function config(timeoutMs: number, extra: Record<string, unknown>[] = []): GantryConfig {
  const result = validateConfig({
    version: 1,
    groups: [{ name: 'g', default: true }],
    clusters: [
      { name: 'sofa', endpoints: [{ url: 'bolt://127.0.0.1:12200' }, { url: 'bolt://127.0.0.1:12201' }] },
      { name: 'dubbo', endpoints: [{ url: 'dubbo://127.0.0.1:20880' }] },
    ],
    apis: [
      { name: 'echo', group: 'g', match: { path: '/echo', type: 'exact', rpc: { service: 'com.x.Echo', method: 'echo' } }, backend: { protocol: 'sofarpc', cluster: 'sofa', service: 'com.x.Echo', method: 'echo', timeoutMs } },
      { name: 'add', group: 'g', match: { rpc: { service: 'com.x.Calc', version: '2.0', method: 'add' } }, backend: { protocol: 'dubbo', cluster: 'dubbo', service: 'com.x.Calc', method: 'add' } },
      ...extra,
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

describe('compile rpc', () => {
  it('compile rpc - RPC invokers, the RPC route table and RPC clusters land in the snapshot', async () => {
    const resources = new SharedResources();
    const result = await compileSnapshot(config(1000), 1, context(resources));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const snapshot = result.snapshot;
    expect(snapshot.apis.get('g|echo')?.invoker.protocolName).toBe('SofaRpc');
    expect(snapshot.apis.get('g|add')?.invoker.protocolName).toBe('Dubbo');
    expect(snapshot.rpcRoutes?.match('com.x.Calc', '2.0', '', 'add').kind).toBe('found');
    expect(snapshot.rpcRoutes?.match('com.x.Calc', '1.0', '', 'add').kind).toBe('service-not-found');
    expect(snapshot.clusters.size).toBe(0);
    expect(snapshot.rpcClusters.map((c) => [c.name, c.endpoints.length])).toEqual([['sofa', 2], ['dubbo', 1]]);
    snapshot.retire();
    expect(resources.size).toBe(0);
  });

  it('compile rpc - pools and breakers survive a change elsewhere in the config', async () => {
    const resources = new SharedResources();
    const first = await compileSnapshot(config(1000), 1, context(resources));
    const second = await compileSnapshot(config(2000, [{ name: 'other', group: 'g', match: { path: '/x', type: 'exact' }, backend: { protocol: 'mock' } }]), 2, context(resources));
    if (!first.ok || !second.ok) throw new Error('refused');
    const pool = (s: typeof first.snapshot) => s.rpcClusters[0]?.endpoints[0]?.pool;
    expect(pool(second.snapshot)).toBe(pool(first.snapshot));
    expect(second.snapshot.rpcClusters[0]?.endpoints[0]?.breaker).toBe(first.snapshot.rpcClusters[0]?.endpoints[0]?.breaker);
    first.snapshot.retire();
    second.snapshot.retire();
    expect(resources.size).toBe(0);
  });

  it('compile rpc - a .proto that does not load refuses the config, naming the field', async () => {
    const bad = config(1000, [{
      name: 'proto', group: 'g', match: { path: '/p', type: 'exact' },
      backend: { protocol: 'sofarpc', cluster: 'sofa', service: 'com.x.P', method: 'm', serialization: 'protobuf', proto: { file: '/nonexistent/x.proto', requestType: 'a.B', responseType: 'a.C' } },
    }]);
    const result = await compileSnapshot(bad, 1, context(new SharedResources()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(['apis[2](proto).backend.proto.file']);
  });

  it('compile rpc - inline .proto text that does not parse refuses the config, naming the field and the error', async () => {
    const bad = config(1000, [{
      name: 'proto', group: 'g', match: { path: '/p', type: 'exact' },
      backend: { protocol: 'sofarpc', cluster: 'sofa', service: 'com.x.P', method: 'm', serialization: 'protobuf', proto: { source: 'message B { string x = ; }', requestType: 'B', responseType: 'B' } },
    }]);
    const result = await compileSnapshot(bad, 1, context(new SharedResources()));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path)).toEqual(['apis[2](proto).backend.proto.source']);
      expect(result.issues[0]?.message).toMatch(/^cannot load inline \.proto text: /);
    }
  });

  it('compile rpc - inline types are loaded once per content and shared by the APIs that name them', async () => {
    const source = 'syntax = "proto3"; package a; message B { string order_id = 1; }';
    const api = (name: string) => ({
      name, group: 'g', match: { path: `/${name}`, type: 'exact' },
      backend: { protocol: 'sofarpc', cluster: 'sofa', service: 'com.x.P', method: name, serialization: 'protobuf', proto: { source, requestType: 'a.B', responseType: 'a.B' } },
    });
    const resources = new SharedResources();
    const result = await compileSnapshot(config(1000, [api('p1'), api('p2')]), 1, context(resources));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.snapshot.apis.get('g|p1')?.invoker.protocolName).toBe('SofaRpc');
      expect(result.snapshot.apis.get('g|p2')?.invoker.protocolName).toBe('SofaRpc');
    }
    expect(resources.keys().filter((key) => key.startsWith('proto:'))).toHaveLength(1);
  });
});
