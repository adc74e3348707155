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

/**
 * Runs hooks from `from` on. Stays synchronous until a hook returns a promise, so a chain of
 * synchronous plugins adds no promise or microtask to the call. Throws (or rejects) with the
 * GantryError of a failing plugin; returns the first reply, or undefined to continue.
 */
function runHooks(
  links: readonly ChainLink[], from: number, phase: Phase,
  call: (link: ChainLink) => HookResult,
): Reply | undefined | Promise<Reply | undefined> {
  for (let i = from; i < links.length; i++) {
    const link = links[i] as ChainLink;
    let result: HookResult;
    try {
      result = call(link);
    } catch (error) {
      throw pluginFailure(link, phase, error);
    }
    if (result === undefined) continue;
    if (isPromise(result)) {
      return result.then(
        (value) => checked(link, phase, value) ?? runHooks(links, i + 1, phase, call),
        (error: unknown) => { throw pluginFailure(link, phase, error); },
      );
    }
    const answer = checked(link, phase, result);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

export function runRequestPhase(links: readonly ChainLink[], exchange: CallExchange): Reply | undefined | Promise<Reply | undefined> {
  return runHooks(links, 0, 'onRequest', (link) => link.instance.onRequest?.(exchange));
}

/** A reply from the response phase replaces the upstream's answer entirely. */
export function runResponsePhase(links: readonly ChainLink[], exchange: CallExchange, response: ResponseView): Reply | undefined | Promise<Reply | undefined> {
  return runHooks(links, 0, 'onResponse', (link) => link.instance.onResponse?.(exchange, response));
}

export function runErrorPhase(links: readonly ChainLink[], exchange: CallExchange, error: GantryError): Reply | undefined | Promise<Reply | undefined> {
  return runHooks(links, 0, 'onError', (link) => link.instance.onError?.(exchange, error));
}
