import { describe, expect, it } from 'vitest';
import { responseHeadersFromRaw } from '../../../../core/invoke/http/response-head.js';

const raw = (...pairs: string[]): Buffer[] => pairs.map((text) => Buffer.from(text, 'latin1'));

describe('responseHeadersFromRaw', () => {
  it('response head - names are lower-cased and values kept as sent', () => {
    expect(responseHeadersFromRaw(raw('Content-Type', 'application/json', 'X-Trace', 'A b'))).toEqual({
      'content-type': 'application/json',
      'x-trace': 'A b',
    });
  });

  it('response head - a repeated name becomes an array in arrival order', () => {
    const headers = responseHeadersFromRaw(raw('Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'Set-Cookie', 'c=3'));
    expect(headers['set-cookie']).toEqual(['a=1', 'b=2', 'c=3']);
  });

  it('response head - hop-by-hop headers and the names Connection lists are dropped', () => {
    const headers = responseHeadersFromRaw(raw(
      'Connection', 'keep-alive, X-Hop', 'Keep-Alive', 'timeout=5', 'Transfer-Encoding', 'chunked',
      'X-Hop', 'secret', 'X-End', 'kept',
    ));
    expect(headers).toEqual({ 'x-end': 'kept' });
  });

  it('response head - names that exist on Object.prototype are plain headers', () => {
    const headers = responseHeadersFromRaw(raw('Constructor', 'c', 'toString', 't', '__proto__', 'p'));
    expect(headers.constructor).toBe('c');
    expect(headers.tostring).toBe('t');
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it('response head - latin1 bytes survive one to one', () => {
    const headers = responseHeadersFromRaw([Buffer.from('x-name'), Buffer.from([0x63, 0xe9])]);
    expect(headers['x-name']).toBe('c\u00e9');
  });
});
