import { describe, expect, it } from 'vitest';
import { decodeBoltHeaderMap, encodeBoltHeaderMap, isProtocolError } from '../../../../core/protocol/index.js';

describe('bolt header map', () => {
  it('writes length-prefixed UTF-8 keys and values', () => {
    expect(encodeBoltHeaderMap({ ab: 'é' }).toString('hex')).toBe('00000002' + '6162' + '00000002' + 'c3a9');
    expect(encodeBoltHeaderMap({}).length).toBe(0);
  });

  it('round-trips, empty values included', () => {
    const headers = { service: 'a.B:1.0', empty: '', 'rpc_trace_context.sofaTraceId': '0a1b' };
    expect(decodeBoltHeaderMap(encodeBoltHeaderMap(headers))).toEqual(headers);
  });

  it("reads a -1 value length (Java's null) as an empty string", () => {
    expect(decodeBoltHeaderMap(Buffer.from('00000001' + '6b' + 'ffffffff', 'hex'))).toEqual({ k: '' });
  });

  it('refuses lengths that overrun the map', () => {
    for (const hex of ['000000ff6b', '00000001', 'fffffffe', '000000016b0000']) {
      let error: unknown;
      try {
        decodeBoltHeaderMap(Buffer.from(hex, 'hex'));
      } catch (err) {
        error = err;
      }
      expect(isProtocolError(error) && error.reason).toBe('bad-payload');
    }
  });
});
