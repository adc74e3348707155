import { describe, expect, it } from 'vitest';
import { MockInvoker } from '../../../core/invoke/mock-invoker.js';
import { EMPTY_CHAIN, FilterChain, type ChainLink } from '../../../core/pipeline/filter-chain.js';
import { CompiledApi } from '../../../core/snapshot/compiled-api.js';
import { apiSwitchState, refreshApiSwitches, SWITCHES_AT_REST } from '../../../core/switches/api-switch-state.js';
import { BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import { OfflineInvoker } from '../../../core/switches/offline-invoker.js';
import { SwitchBoard } from '../../../core/switches/switch-board.js';
import type { ApiConfig } from '../../../core/config/types.js';

function link(plugin: string, priority: number): ChainLink {
  return { plugin, version: '1.0.0', priority, scope: 'api', requestBody: false, instance: { onRequest: () => undefined } };
}

function compiledApi(): CompiledApi {
  const config = { name: 'get', group: 'shop' } as unknown as ApiConfig;
  const backend = new MockInvoker({ status: 200, headers: {}, body: 'backend', resultCode: 1100 });
  const degrade = new MockInvoker({ status: 200, headers: {}, body: 'degraded', resultCode: 1100 });
  return new CompiledApi(config, new FilterChain([link('auth', 10), link('cors', 5)]), backend, degrade, undefined, undefined);
}

const where = { group: 'shop', api: 'get' } as const;

describe('api switch cells', () => {
  it('api switch cells - a fresh API serves its compiled chain and backend', () => {
    const api = compiledApi();
    expect(api.pluginNames).toEqual(['auth', 'cors']);
    expect(api.chain).toBe(api.compiledChain);
    expect(api.invoker).toBe(api.backendInvoker);
    expect(apiSwitchState(new SwitchBoard(), api)).toBe(SWITCHES_AT_REST);
  });

  it('api switch cells - offline empties the chain and answers through the offline invoker', () => {
    const board = new SwitchBoard();
    const api = compiledApi();
    board.set({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'group', group: 'shop' } }, true);
    expect(refreshApiSwitches(board, [api])).toBe(1);
    expect(api.chain).toBe(EMPTY_CHAIN);
    expect(api.invoker).toBeInstanceOf(OfflineInvoker);
    expect(api.invoker.protocolName).toBe('-');
    board.delete({ name: BuiltinSwitchNames.apiOffline, scope: { kind: 'group', group: 'shop' } });
    refreshApiSwitches(board, [api]);
    expect(api.chain).toBe(api.compiledChain);
    expect(api.invoker).toBe(api.backendInvoker);
  });

  it('api switch cells - degrade keeps the chain and swaps in the degrade mock', () => {
    const board = new SwitchBoard();
    const api = compiledApi();
    board.set({ name: BuiltinSwitchNames.apiDegrade, scope: { kind: 'api', ...where } }, true);
    refreshApiSwitches(board, [api]);
    expect(api.invoker).toBe(api.degradeInvoker);
    expect(api.chain).toBe(api.compiledChain);
  });

  it('api switch cells - a disabled plugin leaves the chain in every phase, and comes back', () => {
    const board = new SwitchBoard();
    const api = compiledApi();
    board.set({ name: BuiltinSwitchNames.pluginEnabled, scope: { kind: 'global' }, plugin: 'cors' }, false);
    refreshApiSwitches(board, [api]);
    expect(api.switchState.disabledPlugins).toEqual(['cors']);
    expect(api.chain.request?.map((l) => l.plugin)).toEqual(['auth']);
    // A more specific true wins over the global false.
    board.set({ name: BuiltinSwitchNames.pluginEnabled, scope: { kind: 'api', ...where }, plugin: 'cors' }, true);
    refreshApiSwitches(board, [api]);
    expect(api.chain).toBe(api.compiledChain);
  });

  it('api switch cells - an unchanged state is not applied again', () => {
    const board = new SwitchBoard();
    const api = compiledApi();
    board.set({ name: BuiltinSwitchNames.pluginEnabled, scope: { kind: 'global' }, plugin: 'cors' }, false);
    expect(refreshApiSwitches(board, [api])).toBe(1);
    const chain = api.chain;
    expect(refreshApiSwitches(board, [api])).toBe(0);
    expect(api.chain).toBe(chain);
  });
});
