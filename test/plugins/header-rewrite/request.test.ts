import { describe, expect, it } from 'vitest';
import { headerRewrite } from '../../../plugins/header-rewrite/plugin.js';
import { createTestExchange, createTestHost } from '../../../sdk/testing/index.js';

describe('header-rewrite - request side', () => {
  it('request - applies remove, then set, then add', async () => {
    const host = await createTestHost(headerRewrite, {
      request: { remove: ['a', 'b'], set: { b: 'set', c: 'set' }, add: { a: 'added', c: 'added' } },
    });
    const { exchange, reply } = await host.request({ headers: { a: 'old', b: 'old', c: 'old', d: 'kept' } });
    expect(reply).toBeUndefined();
    // a: removed then added; b: removed then set; c: replaced then appended to.
    expect(exchange.headers).toEqual({ a: 'added', b: 'set', c: ['set', 'added'], d: 'kept' });
  });

  it('request - add turns an existing value into a list and extends a list without mutating it', async () => {
    const host = await createTestHost(headerRewrite, { request: { add: { via: 'gantry', 'x-tag': 'three' } } });
    const tags = ['one', 'two'];
    const { exchange } = await host.request({ headers: { via: '1.1 edge', 'x-tag': tags } });
    expect(exchange.headers.via).toEqual(['1.1 edge', 'gantry']);
    expect(exchange.headers['x-tag']).toEqual(['one', 'two', 'three']);
    expect(tags).toEqual(['one', 'two']);
  });

  it('request - add on an absent header sets it as a single value', async () => {
    const host = await createTestHost(headerRewrite, { request: { add: { via: 'gantry' } } });
    expect((await host.request()).exchange.headers).toEqual({ via: 'gantry' });
  });

  it('request - names in the config are lower-cased', async () => {
    const host = await createTestHost(headerRewrite, { request: { remove: ['X-Old'], set: { 'X-Demo': '1' }, add: { 'X-List': 'b' } } });
    const { exchange } = await host.request({ headers: { 'x-old': 'gone', 'x-list': 'a' } });
    expect(exchange.headers).toEqual({ 'x-demo': '1', 'x-list': ['a', 'b'] });
  });

  it('request - set host rewrites the Host header the invoker sends with preserveHost', async () => {
    const host = await createTestHost(headerRewrite, { request: { set: { Host: 'internal.example' } } });
    const { exchange } = await host.request({ headers: { host: 'api.example' } });
    expect(exchange.headers.host).toBe('internal.example');
  });

  it('request - removing an absent header is harmless', async () => {
    const host = await createTestHost(headerRewrite, { request: { remove: ['cookie'] } });
    expect((await host.request({ headers: { accept: '*/*' } })).exchange.headers).toEqual({ accept: '*/*' });
  });

  it('request - the hook is synchronous and leaves the response alone', async () => {
    const host = await createTestHost(headerRewrite, { request: { set: { 'x-a': '1' } } });
    const exchange = createTestExchange();
    expect(host.instance.onRequest?.(exchange)).toBeUndefined();
    expect(exchange.headers).toEqual({ 'x-a': '1' });
    expect(host.instance.onResponse).toBeUndefined();
    expect((await host.response(exchange, { headers: { server: 'up' } })).response.headers).toEqual({ server: 'up' });
  });
});

describe('header-rewrite - response side', () => {
  it('response - applies remove, then set, then add', async () => {
    const host = await createTestHost(headerRewrite, {
      response: { remove: ['server', 'x-powered-by'], set: { 'cache-control': 'no-store', server: 'gantry' }, add: { 'set-cookie': 'gw=1' } },
    });
    const exchange = createTestExchange({ headers: { server: 'client-sent' } });
    const { response, reply } = await host.response(exchange, {
      status: 201,
      headers: { Server: 'nginx', 'X-Powered-By': 'php', 'cache-control': 'max-age=60', 'set-cookie': ['a=1'] },
    });
    expect(reply).toBeUndefined();
    expect(response).toEqual({ status: 201, headers: { server: 'gantry', 'cache-control': 'no-store', 'set-cookie': ['a=1', 'gw=1'] } });
    expect(exchange.headers).toEqual({ server: 'client-sent' });
  });

  it('response - names in the config are lower-cased', async () => {
    const host = await createTestHost(headerRewrite, { response: { set: { 'X-Served-By': 'gantry' }, remove: ['ETag'] } });
    const { response } = await host.response(createTestExchange(), { headers: { etag: '"1"' } });
    expect(response.headers).toEqual({ 'x-served-by': 'gantry' });
  });

  it('response - the hook is synchronous and there is no request hook', async () => {
    const host = await createTestHost(headerRewrite, { response: { add: { vary: 'origin' } } });
    expect(host.instance.onRequest).toBeUndefined();
    const view = { status: 200, headers: { vary: 'accept' } };
    expect(host.instance.onResponse?.(createTestExchange(), view)).toBeUndefined();
    expect(view.headers).toEqual({ vary: ['accept', 'origin'] });
  });
});

describe('header-rewrite - empty sections', () => {
  it.each([
    ['no config', {}],
    ['empty sides', { request: {}, response: {} }],
    ['empty lists and maps', { request: { set: {}, add: {}, remove: [] }, response: { remove: [] } }],
  ])('empty - %s offers no hook at all', async (_case, config) => {
    const host = await createTestHost(headerRewrite, config);
    expect(host.instance).toEqual({});
  });

  it('empty - each side gets a hook only when it has edits', async () => {
    const requestOnly = await createTestHost(headerRewrite, { request: { remove: ['cookie'] }, response: { set: {} } });
    expect(Object.keys(requestOnly.instance)).toEqual(['onRequest']);
    const responseOnly = await createTestHost(headerRewrite, { request: { add: {} }, response: { remove: ['server'] } });
    expect(Object.keys(responseOnly.instance)).toEqual(['onResponse']);
  });
});
