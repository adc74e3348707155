import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERN_MAX_LENGTH, hashStep, internAscii, latin1Text, utf8Text } from '../../../core/protocol/interned-strings.js';

function hashOf(buf: Buffer, start: number, end: number): number {
  let hash = 0;
  for (let at = start; at < end; at++) hash = hashStep(hash, buf[at] as number);
  return hash;
}

describe('interned strings', () => {
  it('always returns the text of the bytes, through collisions and evictions', () => {
    // Thousands of short strings of a few lengths: many share a slot and a length.
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 3 }), { minLength: 1, maxLength: 3000 }), (texts) => {
        for (const text of [...texts, ...texts]) {
          const buf = Buffer.from(`xx${text}yy`, 'latin1');
          expect(internAscii(buf, 2, 2 + text.length, hashOf(buf, 2, 2 + text.length))).toBe(text);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('decodes UTF-8 and latin1 like Buffer, interned or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: INTERN_MAX_LENGTH + 8 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: 200 })), (text) => {
        const buf = Buffer.concat([Buffer.from('<'), Buffer.from(text, 'utf8'), Buffer.from('>')]);
        expect(utf8Text(buf, 1, buf.length - 1)).toBe(buf.toString('utf8', 1, buf.length - 1));
        expect(utf8Text(buf, 1, buf.length - 1)).toBe(buf.toString('utf8', 1, buf.length - 1));
        expect(latin1Text(buf, 1, buf.length - 1)).toBe(buf.toString('latin1', 1, buf.length - 1));
      }),
      { numRuns: 500 },
    );
  });
});
