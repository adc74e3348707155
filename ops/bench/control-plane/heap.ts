/**
 * Heap measurement with a real collection first. The npm script cannot pass `--expose-gc`, so the
 * flag is set at run time and `gc` fetched from a fresh context (where V8 installs it).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

function gcFunction(): (() => void) | undefined {
  if (collect !== undefined) return collect;
  const exposed: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') collect = exposed as () => void;
  else {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    if (typeof found === 'function') collect = found as () => void;
  }
  return collect;
}

/** heapUsed in bytes after a full collection (twice: weak references and finalisers settle). */
export function heapUsedAfterGc(): { bytes: number; collected: boolean } {
  const gc = gcFunction();
  if (gc !== undefined) {
    gc();
    gc();
  }
  return { bytes: process.memoryUsage().heapUsed, collected: gc !== undefined };
}
