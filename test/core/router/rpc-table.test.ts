import { describe, expect, it } from 'vitest';
import { RpcRouteTable, isRouterCompileError } from '../../../core/router/index.js';

const table = new RpcRouteTable<string>([
  { service: 'com.x.Echo', method: 'echo', payload: 'any-version' },
  { service: 'com.x.Echo', version: '2.0', method: 'echo', payload: 'v2' },
  { service: 'com.x.Echo', version: '2.0', uniqueId: 'blue', method: 'echo', payload: 'v2-blue' },
  { service: 'com.x.Echo', uniqueId: 'red', method: 'echo', payload: 'red' },
  { service: 'com.x.Echo', version: '2.0', method: 'ping', payload: 'v2-ping' },
]);

describe('rpc route table', () => {
  it('rpc routes - the most specific route wins: version+uniqueId, version, uniqueId, neither', () => {
    expect(table.match('com.x.Echo', '2.0', 'blue', 'echo')).toEqual({ kind: 'found', payload: 'v2-blue' });
    expect(table.match('com.x.Echo', '2.0', 'green', 'echo')).toEqual({ kind: 'found', payload: 'v2' });
    expect(table.match('com.x.Echo', '1.0', 'red', 'echo')).toEqual({ kind: 'found', payload: 'red' });
    expect(table.match('com.x.Echo', '1.0', '', 'echo')).toEqual({ kind: 'found', payload: 'any-version' });
  });

  it('rpc routes - a method only a less specific key serves is still found', () => {
    expect(table.match('com.x.Echo', '2.0', 'blue', 'ping')).toEqual({ kind: 'found', payload: 'v2-ping' });
  });

  it('rpc routes - unknown service vs unknown method', () => {
    expect(table.match('com.x.Nope', '1.0', '', 'echo').kind).toBe('service-not-found');
    expect(table.match('com.x.Echo', '1.0', '', 'nope').kind).toBe('method-not-found');
  });

  it('rpc routes - two routes for one key and method are refused', () => {
    let thrown: unknown;
    try {
      new RpcRouteTable([{ service: 's', method: 'm', payload: 1 }, { service: 's', method: 'm', payload: 2 }]);
    } catch (error) {
      thrown = error;
    }
    expect(isRouterCompileError(thrown) && thrown.code).toBe('ROUTER_ROUTE_CONFLICT');
  });
});
