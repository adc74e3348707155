/**
 * The host functions a WASM plugin may import (module `extism:host/user`), and the guard on
 * Extism's own `alloc`. Nothing else is offered: no WASI, no network, no file system. Signatures and
 * meanings are specified in sdk/ABI.md.
 *
 * Each costs far more than the one fuel unit its loop pays, so each checks the deadline itself:
 * a guest looping over host calls is stopped as promptly as one looping over arithmetic.
 */
import type { CallContext } from '@extism/extism';
import type { PluginLogger, SwitchReader } from '../../sdk/plugin/plugin.js';
import type { RouteInfo } from '../../sdk/plugin/exchange.js';
import { METER_IMPORT_FIELD, METER_IMPORT_MODULE, meterCheck } from './meter-clock.js';
import type { GuestMemory } from './guest-pool.js';
import type { PluginKeyValueStore } from './types.js';

export const USER_MODULE = 'extism:host/user';
export const EXTISM_ENV = 'extism:host/env';

/** Names of the host functions in {@link USER_MODULE}. */
export const hostFunctionNames = [
  'gantry_config', 'gantry_switch', 'gantry_kv_get', 'gantry_kv_set', 'gantry_log', 'gantry_now_ms', 'gantry_input_copy', 'gantry_output',
] as const;

/** Longest log line a guest may write; longer ones are cut. */
const MAX_LOG_CHARS = 4096;

/** Thrown into the guest when it asks the host for more buffer memory in one call than its limit. */
export class HostMemoryExceeded extends Error {
  override readonly name = 'HostMemoryExceeded';
}

/** What the host functions read while one call runs; set before the call, cleared after. */
export class CallScope {
  route: RouteInfo | undefined = undefined;
  /** Epoch ms at the start of the call: the only clock a guest gets, constant within a call. */
  nowMs = 0;
  /** Bytes the guest allocated through Extism during this call. */
  allocatedBytes = 0;
  /** The call's input, for `gantry_input_copy`. */
  input: Uint8Array | undefined = undefined;
  /** The calling instance's memory, for the fast input/output functions. */
  memory: GuestMemory | undefined = undefined;
  /** What the guest handed to `gantry_output`; wins over an Extism output. */
  output: Uint8Array | undefined = undefined;

  begin(route: RouteInfo, input: Uint8Array, memory: GuestMemory | undefined): void {
    this.route = route;
    this.nowMs = Date.now();
    this.allocatedBytes = 0;
    this.input = input;
    this.memory = memory;
    this.output = undefined;
  }

  /** Drops the references of the call that ended. */
  end(): void {
    this.input = undefined;
    this.memory = undefined;
    this.output = undefined;
  }
}

/** The calling instance's memory; a guest calling the fast functions must export one. */
function memoryOf(scope: CallScope): GuestMemory {
  if (scope.memory === undefined) throw new Error('the module exports no memory for gantry_input_copy/gantry_output');
  return scope.memory;
}

/** What the host functions of one plugin instance need. */
export interface HostBindings {
  readonly plugin: string;
  /** The binding's validated config, as JSON text. */
  readonly configJson: string;
  readonly switches: SwitchReader;
  readonly keyValue: PluginKeyValueStore;
  readonly log: PluginLogger;
  /** Most bytes of Extism buffers one call may allocate (the memory limit). */
  readonly maxAllocatedBytes: number;
  readonly scope: CallScope;
}

type HostFunction = (context: CallContext, ...args: never[]) => unknown;

function readText(context: CallContext, address: bigint): string | undefined {
  return address === 0n ? undefined : context.read(address)?.text();
}

/** The `functions` option for Extism's `createPlugin`. */
export function hostFunctions(bindings: HostBindings): Record<string, Record<string, HostFunction>> {
  const { plugin, scope } = bindings;
  const { log } = bindings;
  const logAt = [(m: string) => log.debug(m), (m: string) => log.info(m), (m: string) => log.warn(m), (m: string) => log.error(m)];
  return {
    [EXTISM_ENV]: {
      // Extism buffers live in host memory; without this a guest could allocate the gateway's heap away.
      alloc: (context: CallContext, size: bigint): bigint => {
        meterCheck();
        scope.allocatedBytes += Number(size);
        if (scope.allocatedBytes > bindings.maxAllocatedBytes) throw new HostMemoryExceeded(`host buffers above ${bindings.maxAllocatedBytes} bytes in one call`);
        return context.alloc(size);
      },
    },
    // Added by the metering rewrite; a no-op until the call's deadline has passed.
    [METER_IMPORT_MODULE]: { [METER_IMPORT_FIELD]: () => meterCheck() },
    [USER_MODULE]: {
      gantry_config: (context: CallContext): bigint => {
        meterCheck();
        return context.store(bindings.configJson);
      },
      gantry_switch: (context: CallContext, nameAddress: bigint): bigint => {
        meterCheck();
        const name = readText(context, nameAddress);
        if (name === undefined) return 0n;
        const value = bindings.switches.get(name, scope.route);
        return value === undefined ? 0n : context.store(JSON.stringify(value));
      },
      gantry_kv_get: (context: CallContext, keyAddress: bigint): bigint => {
        meterCheck();
        const key = readText(context, keyAddress);
        const value = key === undefined ? undefined : bindings.keyValue.get(plugin, key);
        // An exact-size copy: Extism 1.0.3 stores a view's whole backing buffer.
        return value === undefined ? 0n : context.store(value.slice());
      },
      gantry_kv_set: (context: CallContext, keyAddress: bigint, valueAddress: bigint): number => {
        meterCheck();
        const key = readText(context, keyAddress);
        if (key === undefined) return 0;
        const value = valueAddress === 0n ? undefined : (context.read(valueAddress)?.bytes().slice() ?? new Uint8Array(0));
        return bindings.keyValue.set(plugin, key, value) ? 1 : 0;
      },
      gantry_log: (context: CallContext, level: number, messageAddress: bigint): void => {
        meterCheck();
        const message = readText(context, messageAddress) ?? '';
        const write = logAt[Math.min(3, Math.max(0, level))] as (message: string) => void;
        write(message.length > MAX_LOG_CHARS ? `${message.slice(0, MAX_LOG_CHARS)}…` : message);
      },
      gantry_now_ms: (): bigint => BigInt(scope.nowMs),
      // Fast paths around Extism's byte-at-a-time kernel: one copy each way. Out-of-bounds
      // addresses throw (a RangeError), which fails the call like a trap.
      gantry_input_copy: (_context: CallContext, destination: number): void => {
        const input = scope.input ?? new Uint8Array(0);
        new Uint8Array(memoryOf(scope).buffer, destination >>> 0, input.length).set(input);
      },
      gantry_output: (_context: CallContext, pointer: number, length: number): void => {
        meterCheck();
        if (length >>> 0 > bindings.maxAllocatedBytes) throw new HostMemoryExceeded(`output above ${bindings.maxAllocatedBytes} bytes`);
        scope.output = new Uint8Array(memoryOf(scope).buffer, pointer >>> 0, length >>> 0).slice();
      },
    },
  };
}

/** A console-shaped logger for Extism's own `log_*` functions, writing to the plugin's log. */
export function extismLogger(log: PluginLogger): Console {
  const logger = {
    debug: (m: string) => log.debug(m), info: (m: string) => log.info(m), warn: (m: string) => log.warn(m),
    error: (m: string) => log.error(m), trace: (m: string) => log.debug(m), log: (m: string) => log.info(m),
  };
  return logger as unknown as Console;
}
