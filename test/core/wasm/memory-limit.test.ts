import { describe, expect, it } from 'vitest';
import { capMemory, MemoryLimitError } from '../../../core/wasm/memory-limit.js';
import { loadBinaryen } from '../../../core/wasm/binaryen-loader.js';

interface GrowableMemory {
  grow(pages: number): number;
}

const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (module: unknown) => { exports: { memory: GrowableMemory } }; Module: new (bytes: Uint8Array) => unknown } }).WebAssembly;

async function moduleWithMemory(limits: string): Promise<Uint8Array> {
  const binaryen = await loadBinaryen();
  const module = binaryen.parseText(`(module (memory (export "memory") ${limits}))`);
  try {
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

function memoryOf(bytes: Uint8Array): GrowableMemory {
  return new wasm.Instance(new wasm.Module(bytes)).exports.memory;
}

describe('memory limit', () => {
  it('memory - a memory without a maximum may grow to the cap and no further', async () => {
    const memory = memoryOf(capMemory(await moduleWithMemory('1'), 2));
    expect(memory.grow(31)).toBe(1);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it('memory - a declared maximum below the cap is kept', async () => {
    const memory = memoryOf(capMemory(await moduleWithMemory('1 4'), 16));
    expect(memory.grow(3)).toBe(1);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it('memory - a module starting above the cap is refused', async () => {
    const bytes = await moduleWithMemory('64');
    expect(() => capMemory(bytes, 2)).toThrow(MemoryLimitError);
    expect(() => capMemory(bytes, 2)).toThrow('starts with 4 MiB of memory, above its limit');
  });
});
