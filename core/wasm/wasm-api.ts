/**
 * The few WebAssembly JS-API calls the runtime uses, typed here: the project compiles against
 * ES2023 + Node types, which do not declare the `WebAssembly` global.
 */

/** A compiled module (`WebAssembly.Module`); opaque to this code. */
export interface CompiledModule {
  readonly __brand?: 'WebAssembly.Module';
}

export interface ModuleImportDescriptor {
  readonly module: string;
  readonly name: string;
  readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
}

export interface ModuleExportDescriptor {
  readonly name: string;
  readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<CompiledModule>;
  Module: {
    imports(module: CompiledModule): ModuleImportDescriptor[];
    exports(module: CompiledModule): ModuleExportDescriptor[];
  };
}

/** The global `WebAssembly` object. */
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
