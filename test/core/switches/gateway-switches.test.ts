/**
 * Switches through a real gateway: a SwitchBoard handed to the node as its switch source, flipped
 * by the test as the NATS source would, and calls made over HTTP.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { definePlugin } from '../../../sdk/plugin/define-plugin.js';
import type { Exchange } from '../../../sdk/plugin/exchange.js';
import { BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { SwitchBoard } from '../../../core/switches/switch-board.js';
import { SwitchCatalog } from '../../../core/switches/switch-catalog.js';
import type { SwitchAddress } from '../../../core/switches/switch-scope.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { call } from '../pipeline/gateway-calls.js';

let stampCalls = 0;

/** Stamps each request with its own switch, read per route, so a test sees both run and value. */
const stamp = definePlugin({
  name: 'stamp',
  version: '1.0.0',
  priority: 10,
  schema: Type.Object({}),
  switches: [{ name: 'stamp.value', type: 'string', default: 'none', scopes: ['global', 'group', 'api', 'node'], description: 'the stamp written' }],
  create: (_config, context) => ({
    onRequest(exchange: Exchange) {
      stampCalls++;
      exchange.headers['x-stamp'] = String(context.switches.get('stamp.value', exchange.route));
    },
  }),
});

const shopItems = { kind: 'api', group: 'g', api: 'items' } as const;

function document(upstream: string): Record<string, unknown> {
  return baseConfig({
    apis: [
      { name: 'items', group: 'g', match: { path: '/items', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' }, plugins: [{ name: 'stamp' }] },
      {
        name: 'busy', group: 'g', match: { path: '/busy', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' },
        degrade: { status: 503, headers: { 'x-degraded': 'yes' }, body: 'try later', resultCode: 1101 },
      },
      { name: 'other', group: 'g', match: { path: '/other', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' } },
    ],
    clusters: [{ name: 'up', endpoints: [{ url: upstream }] }],
  });
}

/** The digest line of the call on `path` (fields between the outer parentheses). */
async function digestFields(gw: TestGateway, path: string): Promise<string[] | undefined> {
  await gw.gateway.logs.flushAll();
  const text = await readFile(join(gw.logDir, 'gantry-digest.log'), 'utf8').catch(() => '');
  const line = text.split('\n').find((l) => l.includes(`,${path},`));
  if (line === undefined) return undefined;
  return line.slice(line.indexOf('](') + 2, line.lastIndexOf(')')).split(',');
}

describe('gateway switches', () => {
  let upstream: TestUpstream;
  let board: SwitchBoard;
  let gw: TestGateway;
  const set = (address: SwitchAddress, value: unknown): void => {
    expect(board.set(address, value).kind).toBe('applied');
  };

  beforeAll(async () => {
    upstream = await startHttpUpstream();
    board = new SwitchBoard({ nodeId: 'node-a', catalog: new SwitchCatalog([stamp]) });
    gw = await startTestGateway(document(upstream.url), [stamp], { switches: board, nodeId: 'node-a' });
  });
  afterAll(async () => {
    await gw.stop();
    await upstream.close();
  });

  it('gateway switches - an API switched offline answers 3000 with tips, back online 200', async () => {
    set({ name: BuiltinSwitchNames.apiOffline, scope: shopItems }, true);
    const calledBefore = stampCalls;
    const offline = await call(gw.url, '/items/1');
    expect(offline.status).toBe(400);
    expect(offline.resultCode).toBe(3000);
    expect(offline.json()).toMatchObject({ code: 3000, memo: 'RouterNotFound', tips: 'API g|items is offline' });
    expect(stampCalls).toBe(calledBefore);
    // Only that API: its neighbour serves.
    expect((await call(gw.url, '/other/1')).status).toBe(200);

    expect(board.delete({ name: BuiltinSwitchNames.apiOffline, scope: shopItems })).toBe(true);
    const online = await call(gw.url, '/items/1');
    expect(online.status).toBe(200);
    expect(online.resultCode).toBe(1000);
  });

  it('gateway switches - a group switched offline takes all its APIs offline', async () => {
    set({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'group', group: 'g' } }, true);
    expect((await call(gw.url, '/other/2')).resultCode).toBe(3000);
    // A more specific value wins: this one API stays online.
    set({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'api', group: 'g', api: 'other' } }, false);
    expect((await call(gw.url, '/other/3')).status).toBe(200);
    expect((await call(gw.url, '/busy/3')).resultCode).toBe(3000);
    board.batch(() => {
      board.delete({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'group', group: 'g' } });
      board.delete({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'api', group: 'g', api: 'other' } });
    });
    expect((await call(gw.url, '/busy/4')).status).toBe(200);
  });

  it('gateway switches - a degraded API answers its degrade block, recorded as back protocol Mock', async () => {
    const received = upstream.received.length;
    set({ name: BuiltinSwitchNames.apiDegrade, scope: { kind: 'api', group: 'g', api: 'busy' } }, true);
    const degraded = await call(gw.url, '/busy/degraded-1');
    expect(degraded.status).toBe(503);
    expect(degraded.text).toBe('try later');
    expect(degraded.headers['x-degraded']).toBe('yes');
    expect(degraded.resultCode).toBe(1101);
    expect(upstream.received.length).toBe(received);
    const fields = await digestFields(gw, '/busy/degraded-1');
    expect(fields?.[3]).toBe('1101');
    expect(fields?.[15]).toBe('Mock');

    board.delete({ name: BuiltinSwitchNames.apiDegrade, scope: { kind: 'api', group: 'g', api: 'busy' } });
    const restored = await call(gw.url, '/busy/restored-1');
    expect(restored.status).toBe(200);
    expect((await digestFields(gw, '/busy/restored-1'))?.[15]).toBe('Http');
  });

  it('gateway switches - an API without a degrade block degrades to an empty 200 with 1100', async () => {
    set({ name: BuiltinSwitchNames.apiDegrade, scope: { kind: 'global' } }, true);
    const degraded = await call(gw.url, '/other/degraded');
    expect(degraded.status).toBe(200);
    expect(degraded.text).toBe('');
    expect(degraded.resultCode).toBe(1100);
    // Plugins still run on a degraded API.
    const stamped = await call(gw.url, '/items/degraded');
    expect(stamped.resultCode).toBe(1100);
    board.delete({ name: BuiltinSwitchNames.apiDegrade, scope: { kind: 'global' } });
  });

  it('gateway switches - a plugin disabled by switch does not run, re-enabled it runs again', async () => {
    const stampedHeader = async (path: string): Promise<unknown> => ((await call(gw.url, path)).json() as { headers: Record<string, unknown> }).headers['x-stamp'];
    expect(await stampedHeader('/items/p1')).toBe('none');
    set({ name: BuiltinSwitchNames.pluginEnabled, scope: shopItems, plugin: 'stamp' }, false);
    const before = stampCalls;
    expect(await stampedHeader('/items/p2')).toBeUndefined();
    expect(stampCalls).toBe(before);
    set({ name: BuiltinSwitchNames.pluginEnabled, scope: shopItems, plugin: 'stamp' }, true);
    expect(await stampedHeader('/items/p3')).toBe('none');
    expect(stampCalls).toBe(before + 1);
    board.delete({ name: BuiltinSwitchNames.pluginEnabled, scope: shopItems, plugin: 'stamp' });
  });

  it('gateway switches - a plugin reads its own declared switch, per route and per node', async () => {
    const stampedHeader = async (path: string): Promise<unknown> => ((await call(gw.url, path)).json() as { headers: Record<string, unknown> }).headers['x-stamp'];
    set({ name: 'stamp.value', scope: { kind: 'global' } }, 'global');
    expect(await stampedHeader('/items/s1')).toBe('global');
    set({ name: 'stamp.value', scope: shopItems }, 'api');
    expect(await stampedHeader('/items/s2')).toBe('api');
    set({ name: 'stamp.value', scope: { kind: 'node', node: 'node-a' } }, 'this node');
    expect(await stampedHeader('/items/s3')).toBe('this node');
    // A value the plugin's definition refuses never reaches it.
    expect(board.set({ name: 'stamp.value', scope: { kind: 'global' } }, 42).kind).toBe('refused');
    board.batch(() => {
      for (const scope of [{ kind: 'global' } as const, shopItems, { kind: 'node', node: 'node-a' } as const]) board.delete({ name: 'stamp.value', scope });
    });
    expect(await stampedHeader('/items/s4')).toBe('none');
  });

  it('gateway switches - the log level switch changes the error log level, unset restores the start level', () => {
    expect(gw.gateway.logs.error.level).toBe('info');
    set({ name: BuiltinSwitchNames.logLevel, scope: { kind: 'global' } }, 'error');
    expect(gw.gateway.logs.error.level).toBe('error');
    set({ name: BuiltinSwitchNames.logLevel, scope: { kind: 'node', node: 'node-a' } }, 'debug');
    expect(gw.gateway.logs.error.level).toBe('debug');
    // Another node's value is not this node's.
    set({ name: BuiltinSwitchNames.logLevel, scope: { kind: 'node', node: 'node-b' } }, 'warn');
    expect(gw.gateway.logs.error.level).toBe('debug');
    board.batch(() => {
      board.delete({ name: BuiltinSwitchNames.logLevel, scope: { kind: 'node', node: 'node-a' } });
      board.delete({ name: BuiltinSwitchNames.logLevel, scope: { kind: 'global' } });
    });
    expect(gw.gateway.logs.error.level).toBe('info');
  });

  it('gateway switches - the digest sampling switch drops successful lines, keeps failures', async () => {
    set({ name: BuiltinSwitchNames.digestSamplePercent, scope: { kind: 'global' } }, 0);
    expect(gw.gateway.logs.digest.sampleRatePercent).toBe(0);
    await call(gw.url, '/other/unsampled');
    await call(gw.url, '/nowhere/unsampled');
    expect(await digestFields(gw, '/other/unsampled')).toBeUndefined();
    expect((await digestFields(gw, '/nowhere/unsampled'))?.[3]).toBe('3000');
    board.delete({ name: BuiltinSwitchNames.digestSamplePercent, scope: { kind: 'global' } });
    expect(gw.gateway.logs.digest.sampleRatePercent).toBe(100);
    await call(gw.url, '/other/sampled');
    expect((await digestFields(gw, '/other/sampled'))?.[3]).toBe('1000');
  });

  it('gateway switches - a new snapshot is born with the switches already in force', async () => {
    set({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'api', group: 'g', api: 'fresh' } }, true);
    const next = document(upstream.url);
    (next.apis as unknown[]).push({ name: 'fresh', group: 'g', match: { path: '/fresh', type: 'prefix' }, backend: { protocol: 'mock', body: 'fresh' } });
    expect((await gw.source.push(next)).kind).toBe('applied');
    expect((await call(gw.url, '/fresh')).resultCode).toBe(3000);
    board.delete({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'api', group: 'g', api: 'fresh' } });
    expect((await call(gw.url, '/fresh')).text).toBe('fresh');
  });
});
