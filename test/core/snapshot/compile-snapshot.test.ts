import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../core/config/validate-config.js';
import type { GantryConfig } from '../../../core/config/types.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { compileSnapshot, type CompileContext } from '../../../core/snapshot/compile-snapshot.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { SharedResources } from '../../../core/snapshot/shared-resources.js';
import { Type, definePlugin } from '../../../sdk/index.js';

const limitedConfigs: unknown[] = [];
const limited = definePlugin({
  name: 'limited', version: '1.0.0', priority: 1,
  schema: Type.Object({ max: Type.Integer({ minimum: 1, default: 5 }) }),
  create: (config) => {
    limitedConfigs.push(config);
    return {};
  },
});

const failing = definePlugin({
  name: 'failing', version: '1.0.0', priority: 1, schema: Type.Object({}),
  create: async () => { await Promise.resolve(); throw new Error('cannot warm up'); },
});

function context(resources = new SharedResources()): CompileContext {
  return {
    resources,
    catalog: new PluginCatalog([limited, failing]),
    host: { loggerFor: () => ({ debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }), switches: new StaticSwitches() },
  };
}

function validated(document: Record<string, unknown>): GantryConfig {
  const result = validateConfig({ version: 1, groups: [{ name: 'g', default: true }], ...document });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

function mockApi(name: string, plugins: unknown[] = []): Record<string, unknown> {
  return { name, group: 'g', match: { path: `/${name}`, type: 'exact' }, backend: { protocol: 'mock' }, plugins };
}

describe('compile snapshot', () => {
  it('compile snapshot - a binding naming an unknown plugin is refused even with no API to run it', async () => {
    const resources = new SharedResources();
    const result = await compileSnapshot(validated({ bindings: [{ id: 'audit', plugin: 'nope', scope: 'global' }] }), 1, context(resources));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ path: 'bindings[0](audit)', message: 'unknown plugin "nope" (known: failing, limited)' }]);
    expect(resources.size).toBe(0);
  });

  it('compile snapshot - a bad global binding config is reported once, not once per API', async () => {
    const config = validated({
      apis: [mockApi('a'), mockApi('b'), mockApi('c')],
      bindings: [{ plugin: 'limited', scope: 'global', config: { max: 0 } }],
    });
    const result = await compileSnapshot(config, 1, context());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([{ path: 'bindings[0].config.max', message: 'must be >= 1' }]);
  });

  it('compile snapshot - plugin defaults are filled in and the config is frozen', async () => {
    limitedConfigs.length = 0;
    const config = validated({ apis: [mockApi('a', [{ name: 'limited' }])] });
    const result = await compileSnapshot(config, 1, context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(limitedConfigs).toEqual([{ max: 5 }]);
    expect(Object.isFrozen(limitedConfigs[0])).toBe(true);
    // The document's own plugin config is left as written.
    expect(config.apis[0]?.plugins[0]?.config).toEqual({});
    const api = result.snapshot.apis.get('g|a');
    expect(api?.chain.links.map((l) => [l.plugin, l.scope, l.priority])).toEqual([['limited', 'api', 1]]);
    result.snapshot.retire();
  });

  it('compile snapshot - a plugin whose create fails refuses the config at its field', async () => {
    const result = await compileSnapshot(validated({ apis: [mockApi('a', [{ name: 'failing' }])] }), 1, context());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([{ path: 'apis[0](a).plugins[0](failing)', message: 'plugin failing failed to start: cannot warm up' }]);
  });

  it('compile snapshot - router refusals name the API fields of the config', async () => {
    // Validation refuses this too; the compiler must still say it in config terms if it ever sees it.
    const config = structuredClone(validated({ apis: [mockApi('a'), mockApi('b')] })) as unknown as { apis: { match: { path: string } }[] };
    const second = config.apis[1];
    if (second === undefined) throw new Error('no api');
    second.match.path = '/a';
    const result = await compileSnapshot(config as unknown as GantryConfig, 1, context());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.path).toBe('apis[1](b)');
    expect(result.issues[0]?.message).toContain('conflicts with apis[0](a)');
  });

  it('compile snapshot - a backend naming an unknown cluster is refused at its field', async () => {
    const config = structuredClone(validated({ apis: [mockApi('a')] })) as unknown as { apis: { backend: unknown }[] };
    const first = config.apis[0];
    if (first === undefined) throw new Error('no api');
    first.backend = { protocol: 'http', cluster: 'ghost', timeoutMs: 1000, retries: 0, preserveHost: false };
    const result = await compileSnapshot(config as unknown as GantryConfig, 1, context());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([{ path: 'apis[0](a).backend.cluster', message: 'unknown cluster "ghost"' }]);
  });

  it('compile snapshot - equal configs hash equally, different ones do not', async () => {
    const one = await compileSnapshot(validated({ apis: [mockApi('a')] }), 1, context());
    const two = await compileSnapshot(validated({ apis: [mockApi('a')] }), 2, context());
    const three = await compileSnapshot(validated({ apis: [mockApi('b')] }), 3, context());
    if (!one.ok || !two.ok || !three.ok) throw new Error('compile failed');
    expect(one.snapshot.hash).toBe(two.snapshot.hash);
    expect(three.snapshot.hash).not.toBe(one.snapshot.hash);
  });
});
