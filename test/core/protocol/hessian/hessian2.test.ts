import { describe, expect, it } from 'vitest';
import { Hessian2Reader, detectHessianFlavor, encodeHessian2 } from '../../../../core/protocol/hessian/hessian2.js';
import { reasonOf } from '../reason-of.js';

const pojo = { $class: 'com.a.Pojo', $: { n: { $class: 'int', $: 1 }, list: { $class: 'java.util.List', $: [1] } } };

describe('hessian 2 flavours', () => {
  it('writes scalars identically and objects differently', () => {
    expect(encodeHessian2(['s', 1, true], '3.x')).toEqual(encodeHessian2(['s', 1, true], '4.x'));
    const v4 = encodeHessian2([pojo], '4.x');
    const v3 = encodeHessian2([pojo], '3.x');
    expect(v4[0]).toBe(0x43); // 'C': class definition (final spec)
    expect(v3[0]).toBe(0x4f); // 'O': class definition (3.1 draft)
    expect(reasonOf(() => new Hessian2Reader('t', v3, '4.x').read())).toBe('bad-payload');
    expect(reasonOf(() => new Hessian2Reader('t', v4, '3.x').read())).toBe('bad-payload');
  });

  it('detects the flavour of a stream that starts with an object', () => {
    for (const flavor of ['3.x', '4.x'] as const) {
      const buf = encodeHessian2([pojo, 'tail'], flavor);
      expect(detectHessianFlavor(buf)).toBe(flavor);
      const reader = new Hessian2Reader('t', buf, flavor);
      expect(reader.read()).toEqual({ n: 1, list: [1] });
      expect(reader.read()).toBe('tail');
      expect(reader.atEnd()).toBe(true);
    }
  });

  it('copies the encoded bytes out of the shared encoder', () => {
    const first = encodeHessian2(['first']);
    encodeHessian2(['second']);
    expect(new Hessian2Reader('t', first).read()).toBe('first');
  });

  it('refuses to read past the end', () => {
    const reader = new Hessian2Reader('t', encodeHessian2([1]));
    reader.read();
    expect(reasonOf(() => reader.read())).toBe('bad-payload');
  });
});
