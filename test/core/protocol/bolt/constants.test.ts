import { describe, expect, it } from 'vitest';
import { BoltResponseStatus, boltResponseStatusName } from '../../../../core/protocol/index.js';

describe('bolt response status', () => {
  it('holds the values of com.alipay.remoting.ResponseStatus', () => {
    expect(BoltResponseStatus).toEqual({
      SUCCESS: 0,
      ERROR: 1,
      SERVER_EXCEPTION: 2,
      UNKNOWN: 3,
      SERVER_THREADPOOL_BUSY: 4,
      ERROR_COMM: 5,
      NO_PROCESSOR: 6,
      TIMEOUT: 7,
      CLIENT_SEND_ERROR: 8,
      CODEC_EXCEPTION: 9,
      CONNECTION_CLOSED: 0x10,
      SERVER_SERIAL_EXCEPTION: 0x11,
      SERVER_DESERIAL_EXCEPTION: 0x12,
    });
  });

  it('names known and unknown statuses', () => {
    expect(boltResponseStatusName(0x12)).toBe('SERVER_DESERIAL_EXCEPTION');
    expect(boltResponseStatusName(0x42)).toBe('UNKNOWN(0x42)');
  });
});
