import { describe, expect, it } from 'vitest';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import type { PluginHost } from '../../../core/snapshot/plugin-host.js';
import { SharedResources } from '../../../core/snapshot/shared-resources.js';
import { SnapshotManager, type ApplyOutcome } from '../../../core/snapshot/snapshot-manager.js';
import { Type, definePlugin } from '../../../sdk/index.js';

const host: PluginHost = {
  loggerFor: () => ({ debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }),
  switches: new StaticSwitches(),
};

/** A plugin that records every instance it creates and closes, by its config tag. */
function countingPlugin(): { created: string[]; closed: string[]; catalog: PluginCatalog } {
  const created: string[] = [];
  const closed: string[] = [];
  const plugin = definePlugin({
    name: 'counted',
    version: '1.0.0',
    priority: 1,
    schema: Type.Object({ tag: Type.String() }),
    create: (config) => {
      created.push(config.tag);
      return { onRequest: () => undefined, close: () => { closed.push(config.tag); } };
    },
  });
  return { created, closed, catalog: new PluginCatalog([plugin]) };
}

function documentWith(apis: { name: string; tag?: string; extra?: string }[]): Record<string, unknown> {
  return {
    version: 1,
    groups: [{ name: 'g', default: true }],
    apis: apis.map((a) => ({
      name: a.name,
      group: 'g',
      match: { path: `/${a.name}`, type: 'exact' },
      backend: { protocol: 'mock', body: a.extra ?? '' },
      plugins: a.tag === undefined ? [] : [{ name: 'counted', config: { tag: a.tag } }],
    })),
  };
}

function managerWith(catalog: PluginCatalog): { manager: SnapshotManager; resources: SharedResources; outcomes: ApplyOutcome[] } {
  const resources = new SharedResources();
  const manager = new SnapshotManager({ resources, catalog, host });
  const outcomes: ApplyOutcome[] = [];
  manager.onOutcome((outcome) => outcomes.push(outcome));
  return { manager, resources, outcomes };
}

describe('snapshot manager', () => {
  it('snapshot manager - before any config the snapshot is empty and not ready', () => {
    const { manager } = managerWith(new PluginCatalog());
    expect(manager.ready).toBe(false);
    expect(manager.current.revision).toBe(0);
    expect(manager.current.router.match('x', undefined, 'GET', '/').kind).toBe('group-not-found');
  });

  it('snapshot manager - applied configs count revisions up and are told to listeners', async () => {
    const { catalog } = countingPlugin();
    const { manager, outcomes } = managerWith(catalog);
    expect(await manager.apply(documentWith([{ name: 'a' }]), 'one.yaml')).toMatchObject({ kind: 'applied', revision: 1, origin: 'one.yaml', summary: { groups: 1, apis: 1, clusters: 0, bindings: 0 } });
    expect(await manager.apply(documentWith([{ name: 'a' }, { name: 'b' }]), 'two.yaml')).toMatchObject({ kind: 'applied', revision: 2 });
    expect(manager.ready).toBe(true);
    expect(manager.current.apis.has('g|b')).toBe(true);
    expect(outcomes.map((o) => o.kind)).toEqual(['applied', 'applied']);
  });

  it('snapshot manager - a source revision is used as given, and later ones count on from it', async () => {
    const { manager } = managerWith(new PluginCatalog());
    expect(await manager.apply(documentWith([{ name: 'a' }]), 'kv', 41)).toMatchObject({ kind: 'applied', revision: 41 });
    expect(await manager.apply(documentWith([{ name: 'b' }]), 'kv')).toMatchObject({ kind: 'applied', revision: 42 });
  });

  it('snapshot manager - a refused config keeps the live snapshot and its revision', async () => {
    const { manager, outcomes } = managerWith(new PluginCatalog());
    await manager.apply(documentWith([{ name: 'a' }]), 'good.yaml');
    const live = manager.current;
    const outcome = await manager.apply({ version: 1, apis: 'nope' }, 'bad.yaml');
    expect(outcome).toMatchObject({ kind: 'refused', origin: 'bad.yaml', keptRevision: 1 });
    if (outcome.kind === 'refused') expect(outcome.issues[0]?.path).toBe('apis');
    expect(manager.current).toBe(live);
    expect(await manager.apply(documentWith([{ name: 'b' }]), 'next.yaml')).toMatchObject({ kind: 'applied', revision: 2 });
    expect(outcomes.map((o) => o.kind)).toEqual(['applied', 'refused', 'applied']);
  });

  it('snapshot manager - a candidate the source could not parse is refused the same way', async () => {
    const { manager } = managerWith(new PluginCatalog());
    const outcome = await manager.refuse('broken.yaml', [{ path: '', message: 'YAML syntax error at line 1, column 1: x' }]);
    expect(outcome).toMatchObject({ kind: 'refused', keptRevision: 0 });
    expect(manager.ready).toBe(false);
  });

  it('snapshot manager - unchanged content keeps the revision and creates no plugin instance', async () => {
    const { created, closed, catalog } = countingPlugin();
    const { manager } = managerWith(catalog);
    await manager.apply(documentWith([{ name: 'a', tag: 'x' }]), 'one.yaml');
    const live = manager.current;
    const outcome = await manager.apply(documentWith([{ name: 'a', tag: 'x' }]), 'again.yaml');
    expect(outcome).toMatchObject({ kind: 'unchanged', revision: 1, hash: live.hash });
    expect(manager.current).toBe(live);
    expect(created).toEqual(['x']);
    expect(closed).toEqual([]);
  });

  it('snapshot manager - an unrelated change reuses the plugin instance of an unchanged API', async () => {
    const { created, closed, catalog } = countingPlugin();
    const { manager } = managerWith(catalog);
    await manager.apply(documentWith([{ name: 'a', tag: 'x' }, { name: 'b' }]), 'one.yaml');
    const before = manager.current.apis.get('g|a')?.chain.links[0]?.instance;
    await manager.apply(documentWith([{ name: 'a', tag: 'x' }, { name: 'b', extra: 'changed' }]), 'two.yaml');
    expect(manager.current.revision).toBe(2);
    expect(manager.current.apis.get('g|a')?.chain.links[0]?.instance).toBe(before);
    expect(created).toEqual(['x']);
    expect(closed).toEqual([]);
  });

  it('snapshot manager - a replaced plugin instance closes once its snapshot has no call in flight', async () => {
    const { created, closed, catalog } = countingPlugin();
    const { manager, resources } = managerWith(catalog);
    await manager.apply(documentWith([{ name: 'a', tag: 'old' }]), 'one.yaml');
    const old = manager.current;
    old.enter();
    old.enter();
    await manager.apply(documentWith([{ name: 'a', tag: 'new' }]), 'two.yaml');
    expect(created).toEqual(['old', 'new']);
    expect(closed).toEqual([]);
    old.leave();
    expect(closed).toEqual([]);
    old.leave();
    expect(closed).toEqual(['old']);
    await manager.apply(documentWith([{ name: 'a', tag: 'newer' }]), 'three.yaml');
    expect(closed).toEqual(['old', 'new']);
    await manager.close();
    expect(closed).toEqual(['old', 'new', 'newer']);
    expect(resources.size).toBe(0);
  });

  it('snapshot manager - instances made for a refused config are closed again', async () => {
    const { created, closed, catalog } = countingPlugin();
    const { manager, resources } = managerWith(catalog);
    await manager.apply(documentWith([{ name: 'a', tag: 'kept' }]), 'one.yaml');
    const refused = documentWith([{ name: 'a', tag: 'kept' }, { name: 'b', tag: 'fresh' }]);
    (refused.apis as { plugins: unknown[] }[])[1]?.plugins.push({ name: 'missing' });
    expect((await manager.apply(refused, 'two.yaml')).kind).toBe('refused');
    expect(created).toEqual(['kept', 'fresh']);
    expect(closed).toEqual(['fresh']);
    expect(resources.size).toBe(1);
  });

  it('snapshot manager - concurrent applies run one at a time, in order', async () => {
    const { manager } = managerWith(new PluginCatalog());
    const results = await Promise.all([
      manager.apply(documentWith([{ name: 'a' }]), '1'),
      manager.apply({ version: 2 }, '2'),
      manager.apply(documentWith([{ name: 'b' }]), '3'),
    ]);
    expect(results.map((r) => `${r.kind}:${r.kind === 'refused' ? r.keptRevision : r.revision}`)).toEqual(['applied:1', 'refused:1', 'applied:2']);
    expect(manager.current.apis.has('g|b')).toBe(true);
  });
});
