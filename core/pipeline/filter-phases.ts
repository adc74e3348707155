import type { ResponseView } from '../../sdk/plugin/exchange.js';
import type { HookResult } from '../../sdk/plugin/plugin.js';
import { isReply, type Reply } from '../../sdk/plugin/reply.js';
import type { CallExchange } from './call-exchange.js';
import type { ChainLink } from './filter-chain.js';
import { gantryError, isGantryError, type GantryError } from './gantry-error.js';

type Phase = 'onRequest' | 'onResponse' | 'onError';

/** A plugin's failure becomes 7777 — unless it threw a GantryError on purpose, which is kept. */
export function pluginFailure(link: ChainLink, phase: Phase, error: unknown): GantryError {
  if (isGantryError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return gantryError('UnknownFilterError', { detail: `plugin.${link.plugin}.${phase}`, tips: `plugin ${link.plugin} failed: ${message}`, cause: error });
}

function checked(link: ChainLink, phase: Phase, value: void | Reply): Reply | undefined {
  if (value === undefined || value === null) return undefined;
  if (isReply(value)) return value;
  throw pluginFailure(link, phase, new TypeError('hook returned something that is not a reply'));
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
 * Runs hooks from `from` on. Stays synchronous until a hook returns a promise, so a chain of
 * synchronous plugins adds no promise, closure or microtask to the call. Throws (or rejects) with
 * the GantryError of a failing plugin; returns the first reply, or undefined to continue.
 */
function runHooks(
  links: readonly ChainLink[], from: number, phase: Phase, exchange: CallExchange, argument: unknown,
): Reply | undefined | Promise<Reply | undefined> {
  for (let i = from; i < links.length; i++) {
    const link = links[i] as ChainLink;
    let result: HookResult;
    try {
      result = callHook(link, phase, exchange, argument);
    } catch (error) {
      throw pluginFailure(link, phase, error);
    }
    if (result === undefined) continue;
    if (isPromise(result)) {
      return result.then(
        (value) => checked(link, phase, value) ?? runHooks(links, i + 1, phase, exchange, argument),
        (error: unknown) => { throw pluginFailure(link, phase, error); },
      );
    }
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
