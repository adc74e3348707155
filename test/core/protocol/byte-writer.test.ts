import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../core/protocol/byte-writer.js';

describe('ByteWriter', () => {
  it('writes UTF-8 and latin1 exactly as Buffer does, growing as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 3000 })), { maxLength: 8 }), (texts) => {
        const out = new ByteWriter(8);
        const expected: Buffer[] = [];
        for (const text of texts) {
          const at = out.skip(4);
          const length = out.text(text);
          out.patchU32(at, length);
          out.latin1(text);
          const utf8 = Buffer.from(text, 'utf8');
          const header = Buffer.alloc(4);
          header.writeUInt32BE(utf8.length);
          expected.push(header, utf8, Buffer.from(text, 'latin1'));
        }
        expect(out.bytes()).toEqual(Buffer.concat(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('patches reserved bytes and starts over on resetOutput', () => {
    const out = new ByteWriter(4);
    const at = out.skip(8);
    out.u16(0xbeef);
    out.patchI64(at, -2n);
    expect(out.bytes().toString('hex')).toBe('fffffffffffffffebeef');
    out.resetOutput();
    out.i32(-1);
    out.raw(Buffer.from([1, 2]));
    expect(out.bytes().toString('hex')).toBe('ffffffff0102');
    expect(out.length).toBe(6);
  });
});
