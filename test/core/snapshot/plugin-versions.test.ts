import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { brokenPlugin, instanceCounter, mockApi, stampPlugin } from './plugin-fixtures.js';

let gw: TestGateway | undefined;

afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

async function start(catalog: PluginCatalog, document: Record<string, unknown>): Promise<TestGateway> {
  gw = await startTestGateway(document, [], { catalog });
  return gw;
}

async function call(path: string, headers: Record<string, string> = {}): Promise<{ status: number; stamp: string | null; code: string | null }> {
  if (gw === undefined) throw new Error('no gateway');
  const response = await fetch(`${gw.url}${path}`, { headers: { host: 'gateway.test', ...headers } });
  await response.arrayBuffer();
  return { status: response.status, stamp: response.headers.get('x-stamp'), code: response.headers.get('x-gateway-result-code') };
}

function catalogOf(...versions: string[]): PluginCatalog {
  const catalog = new PluginCatalog([brokenPlugin]);
  for (const version of versions) catalog.register(stampPlugin(version));
  return catalog;
}

describe('plugin catalog', () => {
  it('plugin catalog - a range picks the newest loaded version, never a yanked one; an exact pin may', () => {
    const catalog = catalogOf('1.0.0', '1.2.0', '2.0.0');
    expect(catalog.resolve('stamp')).toMatchObject({ kind: 'found', entry: { version: { text: '2.0.0' } } });
    expect(catalog.resolve('stamp@^1')).toMatchObject({ kind: 'found', entry: { version: { text: '1.2.0' } } });
    catalog.setYanked('stamp', '1.2.0', true);
    expect(catalog.resolve('stamp@^1')).toMatchObject({ kind: 'found', entry: { version: { text: '1.0.0' } } });
    expect(catalog.resolve('stamp@1.2.0')).toMatchObject({ kind: 'found', entry: { version: { text: '1.2.0' }, yanked: true } });
  });

  it('plugin catalog - unknown plugins and unavailable versions are told apart', () => {
    const catalog = catalogOf('1.0.0');
    expect(catalog.resolve('nobody')).toEqual({ kind: 'unknown' });
    expect(catalog.resolve('stamp@^3')).toMatchObject({ kind: 'unavailable' });
    catalog.setProblem('remote', 'remote@1.0.0 refused: signature by an untrusted key');
    const remote = catalog.resolve('remote');
    expect(remote.kind).toBe('unavailable');
    expect(remote.kind === 'unavailable' && remote.reason).toContain('untrusted key');
  });
});

describe('plugin bindings by version', () => {
  it('plugin bindings - name, exact version and range each run their version', async () => {
    await start(catalogOf('1.0.0', '1.4.0', '2.0.0'), baseConfig({
      apis: [mockApi('newest', [{ name: 'stamp' }]), mockApi('pinned', [{ name: 'stamp@1.0.0' }]), mockApi('ranged', [{ name: 'stamp@^1.1' }])],
    }));
    expect((await call('/newest')).stamp).toBe('2.0.0');
    expect((await call('/pinned')).stamp).toBe('1.0.0');
    expect((await call('/ranged')).stamp).toBe('1.4.0');
  });

  it('plugin bindings - a range that is not one is refused with the field named', async () => {
    const { validateConfig } = await import('../../../core/config/validate-config.js');
    const result = validateConfig(baseConfig({ apis: [mockApi('a', [{ name: 'stamp@^^1' }])], bindings: [{ plugin: 'stamp', scope: 'global', versions: [{ version: '1.0.0', when: { header: 'x-a', query: 'a', values: ['1'] } }] }] }));
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages.some((m) => m.startsWith('apis[0](a).plugins[0]') && m.includes('not a version or version range'))).toBe(true);
    expect(messages.some((m) => m.startsWith('bindings[0]') && m.includes('exactly one of `header` or `query`'))).toBe(true);
    expect(messages.some((m) => m.startsWith('bindings[0]') && m.includes('no entry without `when`'))).toBe(true);
    const badName = validateConfig(baseConfig({ apis: [mockApi('a', [{ name: 'Authz' }])] }));
    expect(badName.ok ? [] : badName.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^must be a plugin name .*optionally followed by @/)]);
  });
});

describe('top-level bindings', () => {
  it('plugin bindings - a global binding by range with gray release and an API override by exact version', async () => {
    await start(catalogOf('1.0.0', '1.1.0', '2.0.0'), baseConfig({
      apis: [mockApi('a', []), mockApi('b', [{ name: 'stamp@1.0.0' }])],
      bindings: [{ plugin: 'stamp', scope: 'global', versions: [{ version: '^1', weight: 1 }, { version: '2.0.0', when: { header: 'x-v2', values: ['on'] } }] }],
    }));
    expect((await call('/a')).stamp).toBe('1.1.0');
    expect((await call('/a', { 'x-v2': 'on' })).stamp).toBe('2.0.0');
    expect((await call('/b', { 'x-v2': 'on' })).stamp).toBe('1.0.0');
  });
});

describe('failure policy', () => {
  it('failure policy - closed (the default) answers 7777, open continues as if the plugin were not there', async () => {
    await start(catalogOf('1.0.0'), baseConfig({
      apis: [mockApi('closed', [{ name: 'broken' }, { name: 'stamp' }]), mockApi('open', [{ name: 'broken', failurePolicy: 'open' }, { name: 'stamp' }])],
    }));
    expect(await call('/closed')).toMatchObject({ status: 502, code: '7777' });
    expect(await call('/open')).toMatchObject({ status: 200, code: '1100', stamp: '1.0.0' });
  });

  it('failure policy - a plugin that cannot be loaded is refused alone: closed answers 7777, open skips it, other APIs serve', async () => {
    const catalog = catalogOf('1.0.0');
    catalog.setProblem('remote', 'remote@1.0.0 refused: bad signature');
    const started = await start(catalog, baseConfig({
      apis: [mockApi('closed', [{ name: 'remote' }]), mockApi('open', [{ name: 'remote', failurePolicy: 'open' }, { name: 'stamp' }]), mockApi('other', [{ name: 'stamp' }])],
    }));
    expect(await call('/closed')).toMatchObject({ status: 502, code: '7777' });
    expect(await call('/open')).toMatchObject({ status: 200, stamp: '1.0.0' });
    expect(await call('/other')).toMatchObject({ status: 200, stamp: '1.0.0' });
    const warnings = started.gateway.snapshots.current.plugins.warnings.map((w) => `${w.path}: ${w.message}`);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^apis\[0\]\(closed\)\.plugins\[0\]\(remote\): remote refused alone: .*bad signature.*answer 7777/);
  });

  it('failure policy - when a binding\'s new version cannot be loaded, the version it ran keeps serving', async () => {
    const counter = instanceCounter();
    const catalog = new PluginCatalog([stampPlugin('1.0.0', counter)]);
    const started = await start(catalog, baseConfig({ apis: [mockApi('a', [{ name: 'stamp@1.0.0' }])] }));
    const outcome = await started.source.push(baseConfig({ apis: [mockApi('a', [{ name: 'stamp@2.0.0' }])] }));
    expect(outcome.kind).toBe('applied');
    expect((await call('/a')).stamp).toBe('1.0.0');
    expect(started.gateway.snapshots.current.plugins.warnings[0]?.message).toMatch(/stamp@2\.0\.0 refused alone, stamp@1\.0\.0 keeps serving/);
    expect(counter.created).toBe(1);
    expect(counter.closed).toBe(0);
  });
});

describe('gray release', () => {
  const gray = (extra: Record<string, unknown> = {}): Record<string, unknown> => baseConfig({
    apis: [mockApi('a', [{ name: 'stamp', versions: [{ version: '1.2.0', weight: 90 }, { version: '1.3.0', weight: 10 }, { version: '1.3.0', when: { header: 'X-Canary', values: ['yes'] } }, { version: '1.2.0', when: { query: 'v', values: ['old'] } }], ...extra }])],
  });

  it('gray release - weights split the calls exactly, and the digest log names the version that served', async () => {
    const started = await start(catalogOf('1.2.0', '1.3.0'), gray());
    const stamps = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const { stamp } = await call('/a');
      stamps.set(String(stamp), (stamps.get(String(stamp)) ?? 0) + 1);
    }
    expect(Object.fromEntries(stamps)).toEqual({ '1.2.0': 90, '1.3.0': 10 });
    await started.gateway.logs.flushAll();
    const digest = (await readFile(join(started.logDir, 'gantry-digest.log'), 'utf8')).trim().split('\n');
    expect(digest).toHaveLength(100);
    expect(digest.filter((line) => line.endsWith(' plugins=[stamp@1.3.0]'))).toHaveLength(10);
    expect(digest.filter((line) => line.endsWith(' plugins=[stamp@1.2.0]'))).toHaveLength(90);
  });

  it('gray release - a header or query label picks its version for every such call', async () => {
    await start(catalogOf('1.2.0', '1.3.0'), gray());
    for (let i = 0; i < 20; i++) expect((await call('/a', { 'x-canary': 'yes' })).stamp).toBe('1.3.0');
    for (let i = 0; i < 20; i++) expect((await call('/a?x=1&v=old')).stamp).toBe('1.2.0');
  });

  it('gray release - a version that cannot be loaded leaves the split; the others take all calls', async () => {
    const started = await start(catalogOf('1.2.0'), gray());
    for (let i = 0; i < 20; i++) expect((await call('/a', { 'x-canary': 'yes' })).stamp).toBe('1.2.0');
    expect(started.gateway.snapshots.current.plugins.warnings[0]?.message).toMatch(/gray release of stamp runs without 1\.3\.0/);
  });
});

describe('recompile (hot swap in the snapshot)', () => {
  it('recompile - a newly loaded version in the bound range replaces the old instance, which closes', async () => {
    const counter = instanceCounter();
    const catalog = new PluginCatalog([stampPlugin('1.0.0', counter)]);
    const started = await start(catalog, baseConfig({ apis: [mockApi('a', [{ name: 'stamp@^1' }])] }));
    expect((await call('/a')).stamp).toBe('1.0.0');
    expect((await started.gateway.snapshots.recompile('test')).kind).toBe('unchanged');
    catalog.register(stampPlugin('1.1.0', counter), { source: 'registry', sha256: 'ab'.repeat(32) });
    const swapped = await started.gateway.snapshots.recompile('test');
    expect(swapped.kind).toBe('applied');
    expect((await call('/a')).stamp).toBe('1.1.0');
    expect(started.gateway.snapshots.current.plugins.used).toEqual([{ name: 'stamp', version: '1.1.0', sha256: 'ab'.repeat(32) }]);
    expect(counter.live.get('1.0.0')).toBe(0);
    expect(counter.live.get('1.1.0')).toBe(1);
  });
});
