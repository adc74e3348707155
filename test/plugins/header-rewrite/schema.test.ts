import { describe, expect, it } from 'vitest';
import { headerRewrite } from '../../../plugins/header-rewrite/plugin.js';
import { refusedHeaderNames } from '../../../plugins/header-rewrite/schema.js';
import { createTestHost, PluginConfigError } from '../../../sdk/testing/index.js';

async function configFailure(config: unknown): Promise<PluginConfigError> {
  const failure = await createTestHost(headerRewrite, config).then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(PluginConfigError);
  return failure as PluginConfigError;
}

describe('header-rewrite - schema', () => {
  it('schema - sanity: an empty config is accepted and edits nothing', async () => {
    const host = await createTestHost(headerRewrite, {});
    expect(host.config).toEqual({});
  });

  it('schema - accepts both sides with every kind of edit', async () => {
    const config = {
      request: { remove: ['cookie'], set: { 'x-env': 'prod' }, add: { via: 'gantry' } },
      response: { remove: ['server'], set: { 'cache-control': 'no-store' }, add: { 'set-cookie': 'a=1' } },
    };
    const host = await createTestHost(headerRewrite, config);
    expect(host.config).toEqual(config);
  });

  it('schema - rejects wrong type, naming the field', async () => {
    const failure = await configFailure({ request: { set: { 'x-a': 1 }, remove: 'x-b' } });
    expect(failure.issues).toContainEqual({ path: 'config.request.set.x-a', message: 'must be a string (got 1)' });
    expect(failure.issues).toContainEqual({ path: 'config.request.remove', message: 'must be a list (got "x-b")' });
  });

  it('schema - rejects an unknown field with a suggestion', async () => {
    const failure = await configFailure({ requests: {}, response: { replace: {} } });
    expect(failure.issues).toContainEqual({ path: 'config', message: 'unknown field "requests" (did you mean "request"?)' });
    expect(failure.issues.map((issue) => issue.path)).toContain('config.response');
  });

  it('schema - rejects a header name that is not a token, in every list', async () => {
    const failure = await configFailure({ request: { set: { 'x a': '1' }, remove: ['bad:name'] }, response: { add: { 'x(y)': '1' } } });
    expect(failure.issues).toContainEqual({ path: 'config.request.set["x a"]', message: expect.stringContaining('invalid name: must be a valid header name') });
    expect(failure.issues).toContainEqual({ path: 'config.request.remove[0]', message: expect.stringContaining('must be a valid header name') });
    expect(failure.issues).toContainEqual({ path: 'config.response.add["x(y)"]', message: expect.stringContaining('invalid name') });
  });

  it('schema - rejects a value with a line break', async () => {
    const failure = await configFailure({ response: { set: { 'x-a': 'one\r\nx-injected: 1' } } });
    expect(failure.issues).toEqual([{ path: 'config.response.set.x-a', message: 'must not contain line breaks or control characters' }]);
  });

  it('schema - rejects a repeated name in remove', async () => {
    const failure = await configFailure({ request: { remove: ['x-a', 'x-a'] } });
    expect(failure.issues[0]?.path).toBe('config.request.remove');
  });

  it.each(refusedHeaderNames.flatMap((name) => [
    ['request', 'set', name],
    ['response', 'add', name.toUpperCase()],
  ]))('schema - refuses the managed header in %s.%s: %s', async (side, list, name) => {
    const failure = await configFailure({ [side]: { [list]: { [name]: 'x' } } });
    expect(failure.issues).toHaveLength(1);
    expect(failure.issues[0]?.path).toBe(`config.${side}.${list}.${name}`);
    expect(failure.issues[0]?.message).toMatch(/^invalid name: /);
  });

  it('schema - the hop-by-hop rule names whole headers only', async () => {
    const host = await createTestHost(headerRewrite, { request: { set: { 'x-connection': '1', 'te-x': '2', upgraded: '3' } } });
    expect(host.instance.onRequest).toBeDefined();
  });

  it('schema - allows removing a managed header and setting host', async () => {
    const host = await createTestHost(headerRewrite, { request: { remove: ['connection', 'TE'], set: { host: 'internal.example' } } });
    expect(host.config.request?.set).toEqual({ host: 'internal.example' });
  });

  it('schema - refuses two spellings of one header in the same list', async () => {
    await expect(createTestHost(headerRewrite, { request: { set: { 'X-A': '1', 'x-a': '2' } } }))
      .rejects.toThrow('request.set: "X-A" and "x-a" name the same header');
    await expect(createTestHost(headerRewrite, { response: { add: { Vary: 'a', VARY: 'b' } } }))
      .rejects.toThrow('response.add: "Vary" and "VARY" name the same header');
  });
});
