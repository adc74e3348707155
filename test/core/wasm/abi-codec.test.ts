import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../../core/wasm/abi-bytes.js';
import { decodeDecision, EditOp } from '../../../core/wasm/decision-codec.js';
import { encodeErrorView, encodeRequestView, encodeResponseView } from '../../../core/wasm/exchange-codec.js';
import { gantryError } from '../../../core/pipeline/gantry-error.js';
import { createTestExchange } from '../../../sdk/testing/index.js';

/** Builds guest output the way sdk/ABI.md §5 lays it out. */
function output(build: (writer: ByteWriter) => void): Uint8Array {
  const writer = new ByteWriter();
  build(writer);
  return writer.finish();
}

function continueWith(...edits: ((writer: ByteWriter) => void)[]): Uint8Array {
  return output((w) => {
    w.u8(1);
    w.u8(0);
    w.u32(edits.length);
    for (const edit of edits) edit(w);
  });
}

const setHeader = (name: string, value: string) => (w: ByteWriter): void => {
  w.u8(EditOp.setHeader);
  w.string(name);
  w.string(value);
};

describe('filter ABI - views', () => {
  it('abi - strings are UTF-8 with a byte length, ASCII or not, and the writer grows past its first buffer', () => {
    const writer = new ByteWriter();
    const texts = ['', 'GET', 'aé✓😀b', 'x'.repeat(40_000)];
    for (const text of texts) writer.string(text);
    const bytes = writer.finish();
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
    const reader = new ByteReader(bytes);
    expect(texts.map(() => reader.string('text'))).toEqual(texts);
    expect(new DataView(bytes.buffer).getUint32(11, true)).toBe(Buffer.byteLength('aé✓😀b'));
  });

  it('abi - the request view lays out fields in the documented order, repeated headers once per value', () => {
    const exchange = createTestExchange({
      method: 'POST', path: '/a', query: 'q=1', headers: { 'x-one': 'é', 'x-two': ['a', 'b'] },
      route: { group: 'g', api: 'api' }, traceId: 't1', body: Buffer.from('hi'),
    });
    const reader = new ByteReader(encodeRequestView(exchange, true));
    expect([reader.u8('v'), reader.u8('p')]).toEqual([1, 0]);
    expect([reader.string('m'), reader.string('p'), reader.string('q')]).toEqual(['POST', '/a', 'q=1']);
    expect(reader.u32('n')).toBe(3);
    const headers = [0, 1, 2].map(() => [reader.string('n'), reader.string('v')]);
    expect(headers).toEqual([['x-one', 'é'], ['x-two', 'a'], ['x-two', 'b']]);
    expect([reader.string('g'), reader.string('a'), reader.string('c'), reader.string('t')]).toEqual(['g', 'api', '127.0.0.1', 't1']);
    expect(Buffer.from(reader.bytesOrAbsent('b') ?? []).toString()).toBe('hi');
    expect(reader.done).toBe(true);
  });

  /** Reads a request view up to and including its body field. */
  function skipRequest(reader: ByteReader): Uint8Array | undefined {
    reader.u8('version');
    reader.u8('phase');
    for (let i = 0; i < 3; i++) reader.string('method, path, query');
    const headers = reader.u32('header count');
    for (let i = 0; i < headers * 2; i++) reader.string('header');
    for (let i = 0; i < 4; i++) reader.string('group, api, client, trace id');
    return reader.bytesOrAbsent('body');
  }

  it('abi - without requestBody the body is absent, and response/error views extend the request view', () => {
    const exchange = createTestExchange({ body: Buffer.from('secret') });
    expect(skipRequest(new ByteReader(encodeRequestView(exchange, false)))).toBeUndefined();

    const response = new ByteReader(encodeResponseView(exchange, { status: 204, headers: { 'x-r': '1' } }));
    expect(skipRequest(response)).toBeUndefined();
    expect([response.u16('status'), response.u32('count'), response.string('name'), response.string('value')]).toEqual([204, 1, 'x-r', '1']);
    expect(response.done).toBe(true);

    const error = new ByteReader(encodeErrorView(exchange, gantryError('InvokeServiceTimeout')));
    expect(skipRequest(error)).toBeUndefined();
    expect([error.u16('code'), error.u16('status')]).toEqual([4001, 504]);
    expect(error.done).toBe(true);
  });
});

describe('filter ABI - decisions', () => {
  it('abi - no output or empty output continues without edits', () => {
    expect(decodeDecision(null, 'request', false)).toEqual({ action: 'continue', edits: [] });
    expect(decodeDecision(new Uint8Array(0), 'request', false)).toEqual({ action: 'continue', edits: [] });
  });

  it('abi - edits decode in order, header names lower-cased', () => {
    const decision = decodeDecision(continueWith(
      setHeader('X-A', '1'),
      (w) => { w.u8(EditOp.removeHeader); w.string('x-b'); },
      (w) => { w.u8(EditOp.setPath); w.string('/new'); },
      (w) => { w.u8(EditOp.setQuery); w.string('a=1'); },
    ), 'request', false);
    expect(decision).toEqual({ action: 'continue', edits: [
      { op: 'setHeader', name: 'x-a', value: '1' }, { op: 'removeHeader', name: 'x-b' },
      { op: 'setPath', value: '/new' }, { op: 'setQuery', value: 'a=1' },
    ] });
  });

  it('abi - a reply carries its result code by name, status, headers and body', () => {
    const decision = decodeDecision(output((w) => {
      w.u8(1); w.u8(1); w.u16(401); w.u16(8101); w.u32(1); w.string('www-authenticate'); w.string('Bearer'); w.bytes(Buffer.from('no'));
    }), 'request', false);
    expect(decision).toMatchObject({ action: 'reply', code: 'AccessControlForbidden', status: 401, headers: [['www-authenticate', 'Bearer']] });
  });

  const invalid: readonly [string, Uint8Array, 'request' | 'response' | 'error', RegExp][] = [
    ['an unknown version', output((w) => { w.u8(2); w.u8(0); }), 'request', /ABI version 2/],
    ['an unknown action', output((w) => { w.u8(1); w.u8(5); }), 'request', /unknown action 5/],
    ['truncated output', output((w) => { w.u8(1); w.u8(0); w.u32(2); }), 'request', /ends inside/],
    ['trailing bytes', output((w) => { w.u8(1); w.u8(0); w.u32(0); w.u8(9); }), 'request', /continues after/],
    ['a bad header name', continueWith(setHeader('bad name', 'x')), 'request', /invalid header name/],
    ['a header value with CR/LF', continueWith(setHeader('x-a', 'a\r\nb')), 'request', /line breaks/],
    ['a framing header', continueWith(setHeader('content-length', '1')), 'request', /managed by the gateway/],
    ['a path edit in the response phase', continueWith((w) => { w.u8(EditOp.setPath); w.string('/x'); }), 'response', /not allowed in the response phase/],
    ['a status edit in the request phase', continueWith((w) => { w.u8(EditOp.setStatus); w.u16(200); }), 'request', /not allowed in the request phase/],
    ['a body edit without requestBody', continueWith((w) => { w.u8(EditOp.setBody); w.bytes(Buffer.from('x')); }), 'request', /not allowed/],
    ['a path without a leading slash', continueWith((w) => { w.u8(EditOp.setPath); w.string('x'); }), 'request', /invalid path/],
    ['a result code not in the table', output((w) => { w.u8(1); w.u8(1); w.u16(0); w.u16(1234); w.u32(0); w.u32(0xffffffff); }), 'request', /1234 is not in the result-code table/],
    ['a status out of range', output((w) => { w.u8(1); w.u8(1); w.u16(99); w.u16(8101); w.u32(0); w.u32(0xffffffff); }), 'request', /status 99/],
    ['invalid UTF-8', continueWith((w) => { w.u8(EditOp.setPath); w.u32(2); w.u8(0xff); w.u8(0xfe); }), 'request', /UTF-8/],
  ];
  for (const [what, bytes, phase, message] of invalid) {
    it(`abi - refuses ${what}`, () => {
      expect(() => decodeDecision(bytes, phase, false)).toThrow(message);
    });
  }
});
