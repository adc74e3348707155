/**
 * binaryen.js is ~15 MB of compiled C++ and takes ~0.4–0.6 s to load, so it is imported on first
 * use only, once per process: a gateway without WASM plugins never pays for it.
 */
import type binaryen from 'binaryen';

type Binaryen = typeof binaryen;

let loading: Promise<Binaryen> | undefined;

/** The binaryen module, loaded on the first call. */
export function loadBinaryen(): Promise<Binaryen> {
  loading ??= import('binaryen').then((imported) => imported.default);
  return loading;
}

export type { Binaryen };
