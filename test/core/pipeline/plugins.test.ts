import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { closedPort, startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { call } from './gateway-calls.js';
import { PLUGINS, seenBodies, seenErrors, taggerCreateCount } from './test-plugins.js';

function api(name: string, cluster: string, plugins: unknown[], group = 'g'): Record<string, unknown> {
  return { name, group, match: { path: `/${name}`, type: 'prefix' }, backend: { protocol: 'http', cluster }, plugins };
}

function pluginsConfig(upstreamUrl: string, downUrl: string): Record<string, unknown> {
  const config = baseConfig({
    apis: [
      api('order', 'up', [{ name: 'order-c' }, { name: 'order-a' }, { name: 'order-b' }]),
      api('deny', 'up', [{ name: 'deny' }]),
      api('deny-custom', 'up', [{ name: 'deny', config: { body: 'slow down' } }]),
      api('boom', 'up', [{ name: 'boom' }]),
      api('async-boom', 'up', [{ name: 'async-boom' }]),
      api('garbage', 'up', [{ name: 'garbage' }]),
      api('refuser', 'up', [{ name: 'refuser' }]),
      api('fine', 'up', []),
      api('rescue', 'down', [{ name: 'rescuer' }]),
      api('watch', 'down', [{ name: 'rescuer', config: { replace: false } }]),
      api('stamp', 'up', [{ name: 'stamp' }]),
      api('stamp-deny', 'up', [{ name: 'stamp' }, { name: 'deny' }]),
      api('stamp-down', 'down', [{ name: 'stamp' }]),
      api('response-boom', 'up', [{ name: 'response-boom' }]),
      api('response-boom-deny', 'up', [{ name: 'response-boom' }, { name: 'deny' }]),
      api('error-boom', 'down', [{ name: 'error-boom' }]),
      api('replace', 'up', [{ name: 'replace-response' }]),
      api('body', 'up', [{ name: 'body-swap' }]),
      api('tagged', 'up', [{ name: 'tagger', config: { tag: 'api' } }], 'tags'),
      api('tag-group', 'up', [], 'tags'),
      api('tag-off', 'up', [{ name: 'tagger', enabled: false, config: { tag: 'off' } }], 'tags'),
    ],
    clusters: [
      { name: 'up', endpoints: [{ url: upstreamUrl }] },
      { name: 'down', endpoints: [{ url: downUrl }] },
    ],
    bindings: [
      { plugin: 'tagger', scope: 'global', config: { tag: 'global' } },
      { plugin: 'tagger', scope: 'group', group: 'tags', config: { tag: 'group' } },
    ],
  });
  return { ...config, groups: [{ name: 'g', hosts: ['gateway.test'], default: true }, { name: 'tags', hosts: ['tags.test'] }] };
}

interface Echo {
  url: string;
  body: string;
  headers: Record<string, string | undefined>;
}

describe('plugins in the pipeline', () => {
  let upstream: TestUpstream;
  let gw: TestGateway;
  let config: Record<string, unknown>;

  beforeAll(async () => {
    upstream = await startHttpUpstream((request, response, body) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-secret': 'upstream-only' });
      response.end(JSON.stringify({ url: request.url, body, headers: request.headers }));
    });
    config = pluginsConfig(upstream.url, `http://127.0.0.1:${await closedPort()}`);
    gw = await startTestGateway(config, PLUGINS);
  });

  afterAll(async () => {
    await gw.stop();
    await upstream.close();
  });

  beforeEach(() => {
    seenErrors.length = 0;
    seenBodies.length = 0;
  });

  it('plugins - request phase runs by priority, highest first; response phase in reverse', async () => {
    const answer = await call(gw.url, '/order');
    expect(answer.status).toBe(200);
    expect(answer.json<Echo>().headers['x-order']).toBe('order-a,order-b,order-c');
    expect(answer.headers['x-resp-order']).toBe('order-c,order-b,order-a');
  });

  it('plugins - a reply short-circuits with its code and the standard body', async () => {
    const before = upstream.received.length;
    const answer = await call(gw.url, '/deny');
    expect(answer.status).toBe(403);
    expect(answer.resultCode).toBe(2300);
    const body = answer.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(['code', 'memo', 'tips', 'traceId']);
    expect(body).toMatchObject({ code: 2300, memo: 'NoAccessForThisAppId', tips: 'app demo may not call this API' });
    expect(upstream.received.length).toBe(before);
  });

  it('plugins - a reply with a body sends that body verbatim', async () => {
    const answer = await call(gw.url, '/deny-custom');
    expect(answer.status).toBe(429);
    expect(answer.resultCode).toBe(1002);
    expect(answer.text).toBe('slow down');
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.headers['content-length']).toBe('9');
  });

  it('plugins - a throwing plugin is 7777, and the next call is served', async () => {
    const answer = await call(gw.url, '/boom');
    expect(answer.status).toBe(502);
    expect(answer.resultCode).toBe(7777);
    expect(answer.json()).toMatchObject({ code: 7777, memo: 'UnknownFilterError' });
    expect((await call(gw.url, '/fine')).status).toBe(200);
    expect((await call(gw.url, '/boom')).resultCode).toBe(7777);
  });

  it('plugins - an async hook that rejects is 7777', async () => {
    const answer = await call(gw.url, '/async-boom');
    expect(answer.status).toBe(502);
    expect(answer.resultCode).toBe(7777);
    expect(answer.json<{ tips: string }>().tips).toContain('async kaboom');
  });

  it('plugins - a hook returning something that is not a reply is 7777', async () => {
    const answer = await call(gw.url, '/garbage');
    expect(answer.status).toBe(502);
    expect(answer.resultCode).toBe(7777);
  });

  it('plugins - a plugin throwing a GantryError keeps its code', async () => {
    const answer = await call(gw.url, '/refuser');
    expect(answer.status).toBe(403);
    expect(answer.resultCode).toBe(2300);
    expect(answer.json<{ tips: string }>().tips).toBe('refused on purpose');
  });

  it('plugins - onError sees the error and may replace the answer', async () => {
    const answer = await call(gw.url, '/rescue');
    expect(seenErrors.map((e) => e.code)).toEqual([4002]);
    expect(answer.status).toBe(200);
    expect(answer.resultCode).toBe(1000);
    expect(answer.text).toBe('rescued 4002');
  });

  it('plugins - onError returning nothing leaves the standard answer', async () => {
    const answer = await call(gw.url, '/watch');
    expect(seenErrors.map((e) => e.code)).toEqual([4002]);
    expect(answer.status).toBe(502);
    expect(answer.resultCode).toBe(4002);
  });

  it('plugins - the response phase edits the head of a proxied answer', async () => {
    const answer = await call(gw.url, '/stamp');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-stamped']).toBe('status-200');
    expect(answer.headers['x-secret']).toBeUndefined();
    expect(answer.resultCode).toBe(1000);
  });

  it('plugins - the response phase edits the head of gateway-made answers', async () => {
    const denied = await call(gw.url, '/stamp-deny');
    expect(denied.resultCode).toBe(2300);
    expect(denied.headers['x-stamped']).toBe('status-403');
    const failed = await call(gw.url, '/stamp-down');
    expect(failed.resultCode).toBe(4002);
    expect(failed.headers['x-stamped']).toBe('status-502');
  });

  it('plugins - a response-phase plugin failing on a proxied answer is 7777', async () => {
    const answer = await call(gw.url, '/response-boom');
    expect(answer.status).toBe(502);
    expect(answer.resultCode).toBe(7777);
    expect(answer.json<{ tips: string }>().tips).toContain('response kaboom');
  });

  it('plugins - a response-phase plugin failing on a gateway-made answer leaves that answer', async () => {
    const answer = await call(gw.url, '/response-boom-deny');
    expect(answer.status).toBe(403);
    expect(answer.resultCode).toBe(2300);
  });

  it('plugins - an onError hook that throws leaves the original answer', async () => {
    const answer = await call(gw.url, '/error-boom');
    expect(answer.status).toBe(502);
    expect(answer.resultCode).toBe(4002);
  });

  it('plugins - a response-phase reply replaces the upstream answer whole', async () => {
    const answer = await call(gw.url, '/replace');
    expect(answer.status).toBe(200);
    expect(answer.resultCode).toBe(1000);
    expect(answer.text).toBe('replaced by plugin');
    expect(answer.headers['content-length']).toBe(String('replaced by plugin'.length));
    expect(answer.headers['x-secret']).toBeUndefined();
    expect((await call(gw.url, '/fine')).status).toBe(200);
  });

  it('plugins - a requestBody plugin sees the body and its replacement goes upstream', async () => {
    const answer = await call(gw.url, '/body', { method: 'POST', body: 'original', headers: { 'content-type': 'text/plain' } });
    expect(seenBodies).toEqual(['original']);
    const echo = answer.json<Echo>();
    const sent = 'swapped(original) and made longer';
    expect(echo.body).toBe(sent);
    expect(echo.headers['content-length']).toBe(String(Buffer.byteLength(sent)));
  });

  it('plugins - a requestBody plugin sees an empty body for a call without one', async () => {
    const answer = await call(gw.url, '/body');
    expect(seenBodies).toEqual(['']);
    expect(answer.json<Echo>().body).toBe('swapped() and made longer');
  });

  it('plugins - a plugin bound globally, to the group and to the API runs once with the API config', async () => {
    const tagged = await call(gw.url, '/tagged', { headers: { host: 'tags.test' } });
    expect(tagged.json<Echo>().headers['x-tag']).toBe('api');
    const byGroup = await call(gw.url, '/tag-group', { headers: { host: 'tags.test' } });
    expect(byGroup.json<Echo>().headers['x-tag']).toBe('group');
    const global = await call(gw.url, '/fine');
    expect(global.json<Echo>().headers['x-tag']).toBe('global');
  });

  it('plugins - enabled: false at API scope turns a global and group plugin off', async () => {
    const answer = await call(gw.url, '/tag-off', { headers: { host: 'tags.test' } });
    expect(answer.status).toBe(200);
    expect(answer.json<Echo>().headers['x-tag']).toBeUndefined();
  });

  it('plugins - one instance per scope: global, group and API configs are created once each', () => {
    expect(taggerCreateCount()).toBe(3);
  });

  it('plugins - an unknown plugin is refused with its field path and the old config keeps serving', async () => {
    const bad = structuredClone(config) as { apis: { plugins: unknown[] }[] };
    bad.apis[0]?.plugins.push({ name: 'no-such-plugin' });
    const outcome = await gw.source.push(bad);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.issues).toEqual([
      { path: 'apis[0](order).plugins[3](no-such-plugin)', message: expect.stringContaining('unknown plugin "no-such-plugin"') as unknown },
    ]);
    expect(outcome.keptRevision).toBe(1);
    expect((await call(gw.url, '/order')).status).toBe(200);
  });

  it('plugins - a bad plugin config is refused naming the field inside the plugin config', async () => {
    const bad = structuredClone(config) as { apis: { name: string; plugins: unknown[] }[] };
    bad.apis.unshift({ name: 'x', group: 'g', match: { path: '/x', type: 'exact' }, backend: { protocol: 'mock' }, plugins: [{ name: 'strict', config: { limit: 0 } }] } as never);
    const outcome = await gw.source.push(bad);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.issues).toEqual([{ path: 'apis[0](x).plugins[0](strict).config.limit', message: 'must be >= 1' }]);
    expect(taggerCreateCount()).toBe(3);
  });
});
