import { describe, expect, it } from 'vitest';
import { httpToRpcArgs } from '../../../../core/invoke/rpc/http-to-rpc-args.js';
import { compileRpcArgs, type RpcArgConfig } from '../../../../core/invoke/rpc/rpc-arg-spec.js';
import { rpcToHttpRequest } from '../../../../core/invoke/rpc/rpc-to-http-request.js';
import { httpBodyToRpcValue, rpcResultToJson } from '../../../../core/invoke/rpc/rpc-result-json.js';
import { fromHessian } from '../../../../core/protocol/index.js';

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

const call = (body: unknown, extra: { query?: string; headers?: Record<string, string>; path?: string } = {}) => ({
  headers: extra.headers ?? {},
  query: extra.query ?? '',
  path: extra.path ?? '/orders/42/items',
  body: body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

function map(args: RpcArgConfig[], request: ReturnType<typeof call>) {
  const mapped = httpToRpcArgs(compileRpcArgs(args), request);
  return { argTypes: mapped.argTypes, values: mapped.args.map((value) => fromHessian(value)) };
}

describe('rpc argument mapping - HTTP → RPC', () => {
  it('mapping - reads body fields, the whole body, query, header and path segments', () => {
    const mapped = map([
      { source: 'body', key: '$.user.name', type: 'java.lang.String' },
      { source: 'bodyWhole', type: 'java.util.Map' },
      { source: 'query', key: 'n', type: 'int' },
      { source: 'header', key: 'X-Flag', type: 'boolean' },
      { source: 'path', key: '1', type: 'long' },
      { source: 'path', key: '-1', type: 'java.lang.String' },
    ], call({ user: { name: 'ada' } }, { query: 'n=7', headers: { 'x-flag': 'true' } }));
    expect(mapped.argTypes).toEqual(['java.lang.String', 'java.util.Map', 'int', 'boolean', 'long', 'java.lang.String']);
    expect(mapped.values).toEqual(['ada', { user: { name: 'ada' } }, 7, true, 42, 'items']);
  });

  it('mapping - a long from text keeps all 64 bits', () => {
    const mapped = map([{ source: 'query', key: 'id', type: 'long' }], call(undefined, { query: 'id=9007199254740993' }));
    expect(mapped.values).toEqual(['9007199254740993']);
  });

  it('mapping - a missing object argument is null, a missing primitive is 7901', () => {
    expect(map([{ source: 'body', key: '$.nope', type: 'java.lang.String' }], call({})).values).toEqual([null]);
    expect(codeOf(() => map([{ source: 'query', key: 'n', type: 'int' }], call(undefined)))).toBe(7901);
  });

  it('mapping - errors: body not JSON 7901, text not a number 7901, value of the wrong type 7902, bad expression 7900', () => {
    expect(codeOf(() => map([{ source: 'body', key: '$.a', type: 'int' }], call('{nope')))).toBe(7901);
    expect(codeOf(() => map([{ source: 'query', key: 'n', type: 'int' }], call(undefined, { query: 'n=abc' })))).toBe(7901);
    expect(codeOf(() => map([{ source: 'body', key: '$.a', type: 'int' }], call({ a: { b: 1 } })))).toBe(7902);
    expect(codeOf(() => compileRpcArgs([{ source: 'body', key: 'a.b', type: 'int' }]))).toBe(7900);
    expect(codeOf(() => compileRpcArgs([{ source: 'body', key: 'a.b', type: 'int' }], 'response'))).toBe(7903);
  });
});

describe('rpc argument mapping - RPC → HTTP (reversed)', () => {
  it('mapping - args are written to body fields, query and headers', () => {
    const mapping = compileRpcArgs([
      { source: 'body', key: '$.a', type: 'int' },
      { source: 'body', key: '$.nested.b', type: 'int' },
      { source: 'query', key: 'q', type: 'java.lang.String' },
      { source: 'header', key: 'X-Id', type: 'long' },
    ], 'response');
    const request = rpcToHttpRequest([1, 2, 'x y', 5], mapping);
    expect(JSON.parse(request.body?.toString() ?? '')).toEqual({ a: 1, nested: { b: 2 } });
    expect(request.query).toBe('q=x+y');
    expect(request.headers).toEqual({ 'x-id': '5', 'content-type': 'application/json; charset=utf-8' });
  });

  it('mapping - without a mapping one Map argument is the body, several are an array', () => {
    expect(rpcToHttpRequest([{ a: 1 }], undefined).body?.toString()).toBe('{"a":1}');
    expect(rpcToHttpRequest([1, 'two'], undefined).body?.toString()).toBe('[1,"two"]');
  });
});

describe('rpc results ↔ JSON', () => {
  it('results - a result becomes JSON; a long past 2^53 a string', () => {
    expect(rpcResultToJson({ $class: 'long', $: '9007199254740993' }).toString()).toBe('"9007199254740993"');
    expect(rpcResultToJson(null).toString()).toBe('null');
  });

  it('results - an HTTP body becomes the RPC value; bad JSON is 7904', () => {
    expect(httpBodyToRpcValue(Buffer.from('{"a":1}'), 'application/json')).toEqual({ a: 1 });
    expect(httpBodyToRpcValue(Buffer.from('plain'), 'text/plain')).toBe('plain');
    expect(httpBodyToRpcValue(Buffer.alloc(0), 'application/json')).toBeNull();
    expect(codeOf(() => httpBodyToRpcValue(Buffer.from('{'), 'application/json'))).toBe(7904);
  });
});
