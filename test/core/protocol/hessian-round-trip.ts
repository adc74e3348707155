import { Hessian2Reader, encodeHessian2 } from '../../../core/protocol/hessian/hessian2.js';

/** One value through the 4.x Hessian 2 encoder and decoder. */
export function encodeHessian(value: unknown): Buffer {
  return encodeHessian2([value]);
}

export function decodeHessian(buf: Buffer): unknown {
  return new Hessian2Reader('test', buf).read();
}
