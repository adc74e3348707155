import { describe, expect, it } from 'vitest';
import { definePlugin, gantryError, reply, Type, type Exchange, type PluginInstance, type Reply } from '../../../sdk/index.js';
import { createTestExchange, createTestHost, PluginConfigError } from '../../../sdk/testing/index.js';

const EchoSchema = Type.Object(
  {
    header: Type.String({ default: 'x-echo', minLength: 1 }),
    limit: Type.Integer({ default: 3, minimum: 1 }),
  },
  { additionalProperties: false },
);

/** A plugin touching every part of the contract the harness stands in for. */
const echo = definePlugin({
  name: 'echo',
  version: '1.0.0',
  priority: 1,
  schema: EchoSchema,
  create(config, context): PluginInstance {
    context.log.info(`created with ${config.header}`);
    let closed = 0;
    return {
      onRequest(exchange) {
        exchange.headers[config.header] = String(context.switches.get('echo.value') ?? 'none');
        if (exchange.path === '/deny') return reply('NoAccessForThisAppId', { detail: 'echo.denied' });
        if (exchange.path === '/later') return Promise.resolve(reply('TooManyRequests'));
        if (exchange.path === '/bad') return 'not a reply' as unknown as Reply;
        if (exchange.path === '/throw') throw new Error('boom');
        return undefined;
      },
      async onResponse(_exchange, response) {
        response.headers['x-status-seen'] = String(response.status);
        if (response.status === 500) return reply('UnknownError');
        return undefined;
      },
      onError(_exchange, error) {
        return error.code === 4001 ? reply('UnknownProxyError', { tips: 'replaced' }) : undefined;
      },
      close() {
        closed++;
        context.log.warn(`closed ${closed}`);
      },
    };
  },
});

describe('harness - config', () => {
  it('harness - fills schema defaults and freezes the config', async () => {
    const host = await createTestHost(echo);
    expect(host.config).toEqual({ header: 'x-echo', limit: 3 });
    expect(Object.isFrozen(host.config)).toBe(true);
  });

  it('harness - leaves the caller\'s config object unchanged', async () => {
    const given = { limit: 5 };
    const host = await createTestHost(echo, given);
    expect(host.config).toEqual({ header: 'x-echo', limit: 5 });
    expect(given).toEqual({ limit: 5 });
  });

  it('harness - refuses a config of the wrong type, naming the field', async () => {
    const failure = await createTestHost(echo, { limit: 'many', extra: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PluginConfigError);
    const error = failure as PluginConfigError;
    expect(error.code).toBe('GANTRY_PLUGIN_CONFIG_INVALID');
    expect(error.plugin).toBe('echo');
    expect(error.issues).toContainEqual({ path: 'config.limit', message: 'must be an integer (got "many")' });
    expect(error.issues).toContainEqual({ path: 'config', message: 'unknown field "extra"' });
    expect(error.message).toContain('config.limit: must be an integer');
  });

  it('harness - refuses a config outside its bounds', async () => {
    await expect(createTestHost(echo, { limit: 0 })).rejects.toThrow('config.limit: must be >= 1');
  });
});

describe('harness - exchange', () => {
  it('harness - builds a full exchange with plain defaults', () => {
    const before = Date.now();
    const exchange = createTestExchange();
    expect(exchange).toMatchObject({
      protocol: 'http', method: 'GET', path: '/', originalPath: '/', query: '', headers: {},
      route: { group: 'test', api: 'test' }, traceId: '', clientTraceId: '', body: undefined,
      clientAddress: '127.0.0.1', clientPort: 1234,
    });
    expect(exchange.attributes).toBeInstanceOf(Map);
    expect(exchange.receivedAtMs).toBeGreaterThanOrEqual(before);
  });

  it('harness - originalPath follows path unless given', () => {
    expect(createTestExchange({ path: '/v1/items' }).originalPath).toBe('/v1/items');
    expect(createTestExchange({ path: '/v1/items', originalPath: '/items' }).originalPath).toBe('/items');
  });

  it('harness - lower-cases header names into a copy the test literal does not share', () => {
    const headers = { 'X-Trace': 'a', Accept: ['x', 'y'] };
    const exchange = createTestExchange({ headers });
    expect(exchange.headers).toEqual({ 'x-trace': 'a', accept: ['x', 'y'] });
    (exchange.headers.accept as string[]).push('z');
    expect(headers.Accept).toEqual(['x', 'y']);
  });
});

describe('harness - hooks', () => {
  it('harness - request runs onRequest and returns the edited exchange', async () => {
    const host = await createTestHost(echo, {}, { switches: { 'echo.value': 'on' } });
    const { exchange, reply: answer } = await host.request({ path: '/ok' });
    expect(answer).toBeUndefined();
    expect(exchange.headers['x-echo']).toBe('on');
  });

  it('harness - switches changed between calls are seen by the plugin', async () => {
    const host = await createTestHost(echo);
    expect((await host.request()).exchange.headers['x-echo']).toBe('none');
    host.switches.set('echo.value', 'flipped');
    expect((await host.request()).exchange.headers['x-echo']).toBe('flipped');
  });

  it('harness - returns a synchronous reply', async () => {
    const host = await createTestHost(echo);
    const { reply: answer } = await host.request({ path: '/deny' });
    expect(answer).toEqual({ kind: 'reply', code: 'NoAccessForThisAppId', detail: 'echo.denied' });
  });

  it('harness - awaits an asynchronous reply', async () => {
    const host = await createTestHost(echo);
    const { reply: answer } = await host.request({ path: '/later' });
    expect(answer?.code).toBe('TooManyRequests');
  });

  it('harness - refuses a hook result that is not a reply, as the pipeline does', async () => {
    const host = await createTestHost(echo);
    await expect(host.request({ path: '/bad' })).rejects.toThrow('onRequest returned something that is not a reply');
  });

  it('harness - lets an error thrown by a hook reach the test', async () => {
    const host = await createTestHost(echo);
    await expect(host.request({ path: '/throw' })).rejects.toThrow('boom');
  });

  it('harness - response runs onResponse on a 200 head by default', async () => {
    const host = await createTestHost(echo);
    const { exchange } = await host.request();
    const { response, reply: answer } = await host.response(exchange, { headers: { 'Content-Type': 'text/plain' } });
    expect(answer).toBeUndefined();
    expect(response).toEqual({ status: 200, headers: { 'content-type': 'text/plain', 'x-status-seen': '200' } });
  });

  it('harness - response returns a replacing reply', async () => {
    const host = await createTestHost(echo);
    const { reply: answer } = await host.response(createTestExchange(), { status: 500 });
    expect(answer?.code).toBe('UnknownError');
  });

  it('harness - error runs onError with the gateway error', async () => {
    const host = await createTestHost(echo);
    const exchange = createTestExchange();
    expect((await host.error(exchange, gantryError('InvokeServiceTimeout')))?.tips).toBe('replaced');
    expect(await host.error(exchange, gantryError('RouterNotFound'))).toBeUndefined();
  });

  it('harness - a missing hook leaves the exchange and response as they were', async () => {
    const quiet = definePlugin({ name: 'quiet', version: '0.1.0', priority: 0, schema: Type.Object({}), create: () => ({}) });
    const host = await createTestHost(quiet);
    const { exchange, reply: answer } = await host.request({ headers: { a: '1' } });
    expect(answer).toBeUndefined();
    expect(exchange.headers).toEqual({ a: '1' });
    expect((await host.response(exchange, { status: 204 })).response).toEqual({ status: 204, headers: {} });
    expect(await host.error(exchange, gantryError('UnknownError'))).toBeUndefined();
    await host.close();
  });

  it('harness - hands an empty body to a plugin that asks for the body', async () => {
    let seen: Exchange['body'] = undefined;
    const reader = definePlugin({
      name: 'reader', version: '0.1.0', priority: 0, schema: Type.Object({}), requestBody: true,
      create: () => ({ onRequest: (exchange) => { seen = exchange.body; } }),
    });
    const host = await createTestHost(reader);
    await host.request();
    expect(seen).toEqual(Buffer.alloc(0));
    await host.request({ body: Buffer.from('hi') });
    expect(seen).toEqual(Buffer.from('hi'));
  });

  it('harness - awaits an async create and collects log lines, close included', async () => {
    const slow = definePlugin({
      name: 'slow', version: '0.1.0', priority: 0, schema: EchoSchema,
      create: async (config, context) => {
        await Promise.resolve();
        return echo.create(config, context);
      },
    });
    const host = await createTestHost(slow, { header: 'x-slow' });
    expect((await host.request()).exchange.headers['x-slow']).toBe('none');
    await host.close();
    expect(host.logs).toEqual(['info: created with x-slow', 'warn: closed 1']);
  });
});
