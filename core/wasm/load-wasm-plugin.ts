/**
 * Turns a manifest and module bytes into an ordinary `PluginDefinition`, so the pipeline runs a
 * WASM plugin exactly like a TypeScript one. Each hook encodes the exchange view, calls the guest
 * under the meter, decodes and applies its decision; any failure becomes that call's 7777 and counts
 * against the plugin's breaker.
 */
import type createExtismPlugin from '@extism/extism';
import type { ExtismPluginOptions, Plugin, PluginOutput } from '@extism/extism';
import type { TSchema } from '@sinclair/typebox';
import type { Exchange, ResponseView, RouteInfo } from '../../sdk/plugin/exchange.js';
import type { PluginManifest, PluginPhase, WasmLimits } from '../../sdk/plugin/manifest.js';
import type { PluginContext, PluginDefinition, PluginInstance } from '../../sdk/plugin/plugin.js';
import type { Reply } from '../../sdk/plugin/reply.js';
import type { GantryError } from '../pipeline/gantry-error.js';
import { applyRequestDecision, applyResponseDecision, answerReply } from './apply-decision.js';
import { decodeDecision } from './decision-codec.js';
import { encodeErrorView, encodeRequestView, encodeResponseView } from './exchange-codec.js';
import { GuestPool, type Guest, type GuestHandle, type GuestMemory, type LiveCounter } from './guest-pool.js';
import { CallScope, extismLogger, hostFunctions } from './host-functions.js';
import { armMeter, disarmMeter } from './meter-clock.js';
import { START_EXPORT } from './meter-module.js';
import { PluginBreaker, defaultPluginBreakerSpec } from './plugin-breaker.js';
import { processKeyValueStore } from './plugin-kv.js';
import { WasmLoadError, phaseExports, prepareWasmModule, type PreparedWasmModule } from './prepare-module.js';
import type { LoadedPluginInfo, WasmPluginOptions } from './types.js';
import { corruptsInstance, failureError, failureKind, reportFailure } from './wasm-failure.js';

/** Defaults of {@link WasmPluginOptions}. */
export function defaultWasmPluginOptions(): WasmPluginOptions {
  return {
    keyValue: processKeyValueStore,
    metering: true,
    recycleAfterCalls: 5_000,
    poolSize: 4,
    breaker: defaultPluginBreakerSpec(),
    onFailure: undefined,
    sha256: undefined,
  };
}

/** Counters of one loaded plugin, for tests, benchmarks and node status. */
export interface WasmPluginStats {
  /** Extism instances alive now, across all plugin instances (bindings) of this definition. */
  readonly liveGuests: number;
  readonly calls: number;
  readonly failures: number;
  readonly breakerState: 0 | 1 | 2;
}

/** A `PluginDefinition` backed by a WASM module, with what a node reports about it. */
export interface WasmPluginDefinition extends PluginDefinition {
  readonly kind: 'wasm';
  readonly manifest: PluginManifest;
  readonly sha256: string;
  readonly info: LoadedPluginInfo;
  stats(): WasmPluginStats;
}

/** True for definitions made by {@link loadWasmPlugin}. */
export function isWasmPluginDefinition(definition: PluginDefinition): definition is WasmPluginDefinition {
  return (definition as Partial<WasmPluginDefinition>).kind === 'wasm';
}

/** Everything one definition shares across its instances. */
interface Runtime {
  readonly manifest: PluginManifest;
  readonly limits: WasmLimits;
  readonly prepared: PreparedWasmModule;
  readonly options: WasmPluginOptions;
  readonly breaker: PluginBreaker;
  readonly counter: LiveCounter;
  calls: number;
  failures: number;
}

type ExtismFunctions = NonNullable<ExtismPluginOptions['functions']>;
type CreatePlugin = typeof createExtismPlugin;

let extism: Promise<CreatePlugin> | undefined;

/** The guest's name in its Extism plugin. */
const GUEST_MODULE = 'main';

/**
 * Call targets as (module, export) pairs: given a bare export name, Extism 1.0.3 looks for the
 * module that has it by listing every module's exports (`WebAssembly.Module.exports`, a fresh array
 * of descriptors) on every call; a named module is found by name.
 */
const phaseTargets: Readonly<Record<PluginPhase, [string, string]>> = Object.freeze({
  request: [GUEST_MODULE, phaseExports.request],
  response: [GUEST_MODULE, phaseExports.response],
  error: [GUEST_MODULE, phaseExports.error],
});

/**
 * Extism, imported on first use. Loading it pulls in node:wasi, whose "experimental" warning would
 * reach every operator's terminal although Gantry never gives a guest WASI (imports are checked at
 * load). That one warning is dropped while Extism loads; every other warning passes unchanged.
 */
function loadExtism(): Promise<CreatePlugin> {
  if (extism !== undefined) return extism;
  const emitWarning = process.emitWarning;
  process.emitWarning = function withoutWasiNotice(this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('WASI is an experimental feature')) return;
    (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  extism = import('@extism/extism').then((imported) => imported.default).finally(() => {
    process.emitWarning = emitWarning;
  });
  return extism;
}

/**
 * One guarded guest call: breaker, pool, meter. Resolves the guest's raw output; rejects with a
 * 7777 GantryError (after reporting the failure). Written with plain promises rather than async
 * functions: a WASM hook runs on every call of its APIs, and each async layer costs a promise and
 * a microtask.
 */
function callGuest(runtime: Runtime, pool: GuestPool, scope: CallScope, phase: PluginPhase, input: Uint8Array, route: RouteInfo): Promise<Uint8Array | null> {
  runtime.calls += 1;
  if (!runtime.breaker.tryAcquire()) {
    runtime.failures += 1;
    report(runtime, phase, 'breaker-open', 'breaker open: call refused without running the guest');
    return Promise.reject(failureError(runtime.manifest.name, 'breaker-open', undefined));
  }
  const acquired = pool.acquire();
  if (acquired instanceof Promise) {
    return acquired.then(
      (guest) => runOnGuest(runtime, pool, scope, phase, input, route, guest),
      (error: unknown) => { throw fail(runtime, phase, failureKind(error), error); },
    );
  }
  return runOnGuest(runtime, pool, scope, phase, input, route, acquired);
}

function runOnGuest(runtime: Runtime, pool: GuestPool, scope: CallScope, phase: PluginPhase, input: Uint8Array, route: RouteInfo, guest: Guest): Promise<Uint8Array | null> {
  guest.calls += 1;
  scope.begin(route, input, guest.memory);
  const previous = armMeter(runtime.limits.timeoutMs);
  let pending: Promise<PluginOutput | null>;
  let fastOutput: Uint8Array | undefined;
  try {
    // The guest runs synchronously inside call(); the promise only carries its Extism output.
    pending = guest.plugin.call(phaseTargets[phase], input);
    // Taken now: the scope is shared by this plugin instance's guests, and another call may
    // begin while this one awaits its promise.
    fastOutput = scope.output;
  } catch (error) {
    return Promise.reject(guestFailed(runtime, pool, phase, guest, error));
  } finally {
    disarmMeter(previous);
    scope.end();
  }
  return pending.then(
    (output) => {
      const bytes = fastOutput ?? (output === null ? null : output.bytes().slice());
      // Frees the call's Extism buffers: 1.0.3 fails after ~10.9k calls without it (block index overflow).
      void guest.plugin.reset();
      pool.release(guest, true);
      return bytes;
    },
    (error: unknown) => { throw guestFailed(runtime, pool, phase, guest, error); },
  );
}

/** A trap, timeout or memory overrun: the instance goes back (or is discarded) and the call fails. */
function guestFailed(runtime: Runtime, pool: GuestPool, phase: PluginPhase, guest: Guest, error: unknown): GantryError {
  const kind = failureKind(error);
  pool.release(guest, !corruptsInstance(kind));
  return fail(runtime, phase, kind, error);
}

function fail(runtime: Runtime, phase: PluginPhase, kind: ReturnType<typeof failureKind>, error: unknown): GantryError {
  runtime.failures += 1;
  runtime.breaker.recordFailure();
  report(runtime, phase, kind, error instanceof Error ? error.message : String(error));
  return failureError(runtime.manifest.name, kind, error);
}

function report(runtime: Runtime, phase: PluginPhase, kind: ReturnType<typeof failureKind>, message: string): void {
  const { manifest, prepared } = runtime;
  reportFailure({
    plugin: manifest.name, version: manifest.version, sha256: prepared.sha256, phase, kind, message, breakerState: runtime.breaker.state,
  }, runtime.options.onFailure);
}

/** Decodes and applies; a bad decision is the plugin's failure like a trap. */
function decided<T>(runtime: Runtime, phase: PluginPhase, apply: () => T): T {
  try {
    const result = apply();
    runtime.breaker.recordSuccess();
    return result;
  } catch (error) {
    throw fail(runtime, phase, failureKind(error), error);
  }
}

/** Runs the module's start code (moved out of instantiation by the rewrite) under the meter. */
async function runStart(plugin: Plugin, exports: Record<string, unknown>, timeoutMs: number): Promise<void> {
  const start = exports[START_EXPORT] as () => void;
  const previous = armMeter(timeoutMs);
  let failure: { error: unknown } | undefined;
  try {
    start();
  } catch (error) {
    failure = { error };
  } finally {
    disarmMeter(previous);
  }
  if (failure === undefined) return;
  await plugin.close();
  throw failure.error;
}

function createInstance(runtime: Runtime, createPlugin: CreatePlugin, config: unknown, context: PluginContext): Promise<PluginInstance> {
  const { manifest, limits, prepared, options } = runtime;
  const scope = new CallScope();
  const functions = hostFunctions({
    plugin: manifest.name,
    configJson: JSON.stringify(config ?? {}),
    switches: context.switches,
    keyValue: options.keyValue,
    log: context.log,
    maxAllocatedBytes: limits.memoryMiB * 1_048_576,
    scope,
  });
  const logger = extismLogger(context.log);
  // In-thread only: a module failing to load in a worker throws uncaught in 1.0.3, and the meter
  // already bounds calls here. No WASI, so no file system, clock or randomness beyond the host functions.
  const make = async (): Promise<GuestHandle> => {
    const plugin = await createPlugin({ wasm: [{ module: prepared.module as never, name: GUEST_MODULE }] }, {
      useWasi: false, runInWorker: false, functions: functions as ExtismFunctions, logger, config: {},
    });
    const exports = ((await plugin.getInstance(GUEST_MODULE)) as unknown as { exports: Record<string, unknown> }).exports;
    if (prepared.deferredStart) await runStart(plugin, exports, limits.timeoutMs);
    return { plugin, memory: exports.memory as GuestMemory | undefined };
  };
  const pool = new GuestPool(make, options.poolSize, options.recycleAfterCalls, runtime.counter);
  const withBody = manifest.requestBody === true;
  const name = manifest.name;
  const instance: PluginInstance = {
    close: () => pool.close(),
  };
  if (manifest.phases.includes('request')) {
    instance.onRequest = async (exchange: Exchange): Promise<Reply | undefined> => {
      const output = await callGuest(runtime, pool, scope, 'request', encodeRequestView(exchange, withBody), exchange.route);
      return decided(runtime, 'request', () => applyRequestDecision(decodeDecision(output, 'request', withBody), exchange, name));
    };
  }
  if (manifest.phases.includes('response')) {
    instance.onResponse = async (exchange: Exchange, response: ResponseView): Promise<Reply | undefined> => {
      const output = await callGuest(runtime, pool, scope, 'response', encodeResponseView(exchange, response), exchange.route);
      return decided(runtime, 'response', () => applyResponseDecision(decodeDecision(output, 'response', false), response, name));
    };
  }
  if (manifest.phases.includes('error')) {
    instance.onError = async (exchange: Exchange, error: GantryError): Promise<Reply | undefined> => {
      const output = await callGuest(runtime, pool, scope, 'error', encodeErrorView(exchange, error), exchange.route);
      return decided(runtime, 'error', () => {
        const decision = decodeDecision(output, 'error', false);
        return decision.action === 'reply' ? answerReply(decision, name) : undefined;
      });
    };
  }
  // One warm instance, so a module that cannot be instantiated fails create() (refused alone).
  return pool.warm().then(() => instance, (error: unknown) => {
    throw new WasmLoadError(name, `cannot start an instance (${failureKind(error)}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
}

/**
 * Loads a WASM plugin: checks and sandboxes `wasmBytes` for `manifest` (see `prepareWasmModule`),
 * and returns a frozen {@link WasmPluginDefinition}. Its `schema` is the manifest's `configSchema`,
 * so the gateway validates binding configs exactly as for TypeScript plugins; `create(config, ctx)`
 * builds an instance whose hooks call the guest, and whose `close()` frees its Extism instances.
 * Throws a `WasmLoadError` for a module that cannot be loaded.
 */
export async function loadWasmPlugin(manifest: PluginManifest, wasmBytes: Uint8Array, options: Partial<WasmPluginOptions> = {}): Promise<WasmPluginDefinition> {
  const settings: WasmPluginOptions = { ...defaultWasmPluginOptions(), ...options };
  const prepared = await prepareWasmModule(manifest, wasmBytes, settings.metering);
  const createPlugin = await loadExtism();
  if (settings.sha256 !== undefined && settings.sha256 !== prepared.sha256) {
    throw new WasmLoadError(manifest.name, `module sha256 ${prepared.sha256} does not match the expected ${settings.sha256}`);
  }
  const runtime: Runtime = {
    manifest,
    limits: manifest.limits as WasmLimits,
    prepared,
    options: settings,
    breaker: new PluginBreaker(manifest.name, manifest.version, settings.breaker),
    counter: { live: 0 },
    calls: 0,
    failures: 0,
  };
  const info: LoadedPluginInfo = Object.freeze({ name: manifest.name, version: manifest.version, kind: 'wasm', sha256: prepared.sha256 });
  const definition: WasmPluginDefinition = {
    apiVersion: 1,
    kind: 'wasm',
    name: manifest.name,
    version: manifest.version,
    priority: manifest.priority,
    schema: manifest.configSchema as unknown as TSchema,
    ...(manifest.requestBody === undefined ? {} : { requestBody: manifest.requestBody }),
    ...(manifest.switches === undefined ? {} : { switches: manifest.switches }),
    manifest,
    sha256: prepared.sha256,
    info,
    create: (config, context) => createInstance(runtime, createPlugin, config, context),
    stats: () => ({ liveGuests: runtime.counter.live, calls: runtime.calls, failures: runtime.failures, breakerState: runtime.breaker.state }),
  };
  return Object.freeze(definition);
}
