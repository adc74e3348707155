/**
 * Turns whatever a guest call threw into a failure kind, a 7777 GantryError for the pipeline and an
 * event for audit and metrics (channel `gantry:wasm:failure` plus the loader's `onFailure`).
 */
import { channel } from 'node:diagnostics_channel';
import { gantryError, type GantryError } from '../pipeline/gantry-error.js';
import { AbiDecodeError } from './abi-bytes.js';
import { HostMemoryExceeded } from './host-functions.js';
import { MeterTimeout } from './meter-clock.js';
import type { WasmFailureEvent, WasmFailureKind } from './types.js';

/** Published for every failed or refused guest call: a {@link WasmFailureEvent}. */
export const wasmFailureChannel = channel('gantry:wasm:failure');

/** The kind of a thrown value; `trap` covers every WebAssembly.RuntimeError and stack overflow. */
export function failureKind(error: unknown): WasmFailureKind {
  if (error instanceof MeterTimeout) return 'timeout';
  if (error instanceof HostMemoryExceeded) return 'memory';
  if (error instanceof AbiDecodeError) return 'bad-output';
  if (error instanceof Error && error.message.startsWith('Plugin-originated error')) return 'guest-error';
  return 'trap';
}

/** Whether the instance must be thrown away: anything but a clean guest-reported error or bad output. */
export function corruptsInstance(kind: WasmFailureKind): boolean {
  return kind === 'timeout' || kind === 'trap' || kind === 'memory';
}

const tipsByKind: Readonly<Record<WasmFailureKind, string>> = {
  'timeout': 'exceeded its time limit',
  'trap': 'trapped',
  'memory': 'exceeded its memory limit',
  'bad-output': 'returned an invalid decision',
  'guest-error': 'reported an error',
  'breaker-open': 'is failing repeatedly and is temporarily disabled',
};

/** The 7777 error the pipeline answers with; `detail` is `plugin.<name>.<kind>`. */
export function failureError(plugin: string, kind: WasmFailureKind, cause: unknown): GantryError {
  return gantryError('UnknownFilterError', {
    detail: `plugin.${plugin}.${kind}`,
    tips: `plugin ${plugin} ${tipsByKind[kind]}`,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Publishes the event and calls the listener; a throwing listener must not fail the call. */
export function reportFailure(event: WasmFailureEvent, listener: ((event: WasmFailureEvent) => void) | undefined): void {
  if (wasmFailureChannel.hasSubscribers) wasmFailureChannel.publish(event);
  if (listener === undefined) return;
  try {
    listener(event);
  } catch {
    // An observer's bug is not the plugin's failure; the channel subscriber already saw the event.
  }
}
