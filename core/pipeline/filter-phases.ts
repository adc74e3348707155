import { channel } from 'node:diagnostics_channel';
import type { ResponseView } from '../../sdk/plugin/exchange.js';
import type { HookResult } from '../../sdk/plugin/plugin.js';
import { isReply, type Reply } from '../../sdk/plugin/reply.js';
import type { CallExchange } from './call-exchange.js';
import type { PluginTrace } from './call-trace.js';
import type { ChainLink, PluginMeter } from './filter-chain.js';
import { gantryError, isGantryError, type GantryError } from './gantry-error.js';
import { ResultCodes } from './result-codes.js';

type Phase = 'onRequest' | 'onResponse' | 'onError';

/** A plugin's failure becomes 7777 — unless it threw a GantryError on purpose, which is kept. */
export function pluginFailure(link: ChainLink, phase: Phase, error: unknown): GantryError {
  if (isGantryError(error)) {
    // A 7777 made elsewhere (a WASM trap or timeout, an unavailable plugin) is a failure too; other codes are answers.
    if (error.code === ResultCodes.UnknownFilterError.code) link.meter?.failed(phase);
    return error;
  }
  link.meter?.failed(phase);
  const message = error instanceof Error ? error.message : String(error);
  return gantryError('UnknownFilterError', { detail: `plugin.${link.plugin}.${phase}`, tips: `plugin ${link.plugin} failed: ${message}`, cause: error });
}

/**
 * `gantry:plugin:failed-open`: a call of a `failurePolicy: open` plugin failed and the chain went
 * on without it. Message: `{ plugin, version, phase, error }` (error: the 7777 GantryError).
 */
export const failedOpenChannel = channel('gantry:plugin:failed-open');

/**
 * Under `failurePolicy: open` a failure (7777: a throw, trap, timeout, bad return value) is
 * skipped and reported; a GantryError of another code is the plugin's deliberate answer and stands.
 */
function failsOpen(link: ChainLink, phase: Phase, failure: GantryError): boolean {
  if (link.failOpen !== true || failure.code !== ResultCodes.UnknownFilterError.code) return false;
  if (failedOpenChannel.hasSubscribers) failedOpenChannel.publish({ plugin: link.plugin, version: link.version, phase, error: failure });
  return true;
}

function checked(link: ChainLink, phase: Phase, value: void | Reply): Reply | undefined {
  if (value === undefined || value === null) return undefined;
  if (isReply(value)) return value;
  const failure = pluginFailure(link, phase, new TypeError('hook returned something that is not a reply'));
  if (failsOpen(link, phase, failure)) return undefined;
  throw failure;
}

function isPromise(value: HookResult): value is Promise<void | Reply> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

/** The hook of `phase` on one link; `argument` is the response view or the error, by phase. */
function callHook(link: ChainLink, phase: Phase, exchange: CallExchange, argument: unknown): HookResult {
  switch (phase) {
    case 'onRequest': return link.instance.onRequest?.(exchange);
    case 'onResponse': return link.instance.onResponse?.(exchange, argument as ResponseView);
    case 'onError': return link.instance.onError?.(exchange, argument as GantryError);
  }
}

/**
 * Closes a hook's timing and span; each is present only when metrics or a sampled trace want it.
 * Returns the clock reading that closed the timing (NO_CLOCK when the hook was not timed).
 */
function hookEnded(meter: PluginMeter | undefined, span: PluginTrace | undefined, phase: Phase, started: number, error: unknown): number {
  const ended = meter === undefined ? NO_CLOCK : meter.ended(phase, started);
  if (span !== undefined) span.ended(error);
  return ended;
}

/** "No clock reading at hand": `performance.now()` is never negative. */
const NO_CLOCK = -1;

/**
 * Runs hooks from `from` on. Stays synchronous until a hook returns a promise, so a chain of
 * synchronous plugins adds no promise, closure or microtask to the call. Throws (or rejects) with
 * the GantryError of a failing plugin; returns the first reply, or undefined to continue.
 */
function runHooks(
  links: readonly ChainLink[], from: number, phase: Phase, exchange: CallExchange, argument: unknown,
): Reply | undefined | Promise<Reply | undefined> {
  const trace = exchange.trace;
  // In a synchronous run the clock reading that ends one timed hook starts the next, so n timed
  // hooks cost n + 1 clock reads, not 2n (the few instructions between two hooks count to the later).
  let clock = NO_CLOCK;
  for (let i = from; i < links.length; i++) {
    const link = links[i] as ChainLink;
    // Timed only for plugins that have a meter, on the calls it samples; `ended` runs when the hook
    // returns or settles.
    const meter = link.meter !== undefined && link.meter.sampled(phase) ? link.meter : undefined;
    const started = meter === undefined ? 0 : clock === NO_CLOCK ? performance.now() : clock;
    // A span per hook only when tracing is on and the call sampled (startPlugin answers undefined otherwise).
    const span = trace === undefined ? undefined : trace.startPlugin(link.plugin, phase);
    let result: HookResult;
    try {
      result = callHook(link, phase, exchange, argument);
    } catch (error) {
      clock = hookEnded(meter, span, phase, started, error);
      const failure = pluginFailure(link, phase, error);
      if (failsOpen(link, phase, failure)) continue;
      throw failure;
    }
    if (isPromise(result)) {
      return result.then(
        (value) => {
          hookEnded(meter, span, phase, started, undefined);
          return checked(link, phase, value) ?? runHooks(links, i + 1, phase, exchange, argument);
        },
        (error: unknown) => {
          hookEnded(meter, span, phase, started, error);
          const failure = pluginFailure(link, phase, error);
          if (failsOpen(link, phase, failure)) return runHooks(links, i + 1, phase, exchange, argument);
          throw failure;
        },
      );
    }
    clock = hookEnded(meter, span, phase, started, undefined);
    if (result === undefined) continue;
    const answer = checked(link, phase, result);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

export function runRequestPhase(links: readonly ChainLink[], exchange: CallExchange): Reply | undefined | Promise<Reply | undefined> {
  return runHooks(links, 0, 'onRequest', exchange, undefined);
}

/** A reply from the response phase replaces the upstream's answer entirely. */
export function runResponsePhase(links: readonly ChainLink[], exchange: CallExchange, response: ResponseView): Reply | undefined | Promise<Reply | undefined> {
  return runHooks(links, 0, 'onResponse', exchange, response);
}

export function runErrorPhase(links: readonly ChainLink[], exchange: CallExchange, error: GantryError): Reply | undefined | Promise<Reply | undefined> {
  return runHooks(links, 0, 'onError', exchange, error);
}
