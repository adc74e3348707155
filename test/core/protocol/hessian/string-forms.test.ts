import hessian from 'hessian.js';
import { describe, expect, it } from 'vitest';
import { Hessian2Reader, encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';

// Each string length form (1-byte, 2-byte, 'S', 'R' chunks) at its edges, ASCII and with a
// non-ASCII unit first, last or as a surrogate pair: bytes as hessian.js writes them, read back.

const LENGTHS = [0, 1, 31, 32, 33, 1023, 1024, 1025, 32768, 32769, 70000];
const FILLS = ['a', 'é', '中', '😀'];

function variants(length: number): string[] {
  const ascii = 'x'.repeat(length);
  if (length === 0) return [ascii];
  return [ascii, ...FILLS.flatMap((fill) => [fill + ascii.slice(fill.length), ascii.slice(fill.length) + fill])].filter((text) => text.length >= 1);
}

describe('hessian 2 string forms', () => {
  it('writes every length form like hessian.js and reads it back', () => {
    for (const length of LENGTHS) {
      for (const text of variants(length)) {
        const ours = encodeHessian2([text]);
        const encoder = new hessian.EncoderV2();
        encoder.write(text);
        expect(ours.equals(Buffer.from(encoder.get())), `length ${text.length}`).toBe(true);
        expect(new Hessian2Reader('test', ours).read()).toBe(text);
      }
    }
  });
});
