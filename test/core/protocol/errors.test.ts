import { describe, expect, it } from 'vitest';
import { ProtocolError, isProtocolError } from '../../../core/protocol/index.js';

describe('protocol error', () => {
  it('carries a reason and a cause', () => {
    const cause = new Error('inner');
    const err = new ProtocolError('crc-mismatch', 'bolt: bad crc', { cause });
    expect(err).toMatchObject({ name: 'ProtocolError', reason: 'crc-mismatch', message: 'bolt: bad crc', cause });
    expect(err).toBeInstanceOf(Error);
  });

  it('matches by brand, so a copy from another module instance still matches', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('gantry.protocol-error')]: true, reason: 'bad-magic' });
    expect(foreign instanceof ProtocolError).toBe(true);
    expect(isProtocolError(new Error('plain'))).toBe(false);
    expect(isProtocolError('bad-magic')).toBe(false);
  });
});
