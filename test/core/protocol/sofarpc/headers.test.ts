import { describe, expect, it } from 'vitest';
import { headersUnder, sofaCallHeaders, sofaServiceName } from '../../../../core/protocol/index.js';

describe('sofarpc headers', () => {
  it('names a service interface:version[:uniqueId]', () => {
    expect(sofaServiceName('com.a.Echo')).toBe('com.a.Echo:1.0');
    expect(sofaServiceName('com.a.Echo', '2.0', 'blue')).toBe('com.a.Echo:2.0:blue');
  });

  it('puts routing fields and flattened requestProps in the headers', () => {
    const headers = sofaCallHeaders({
      service: 'com.a.Echo:1.0',
      method: 'echo',
      targetApp: 'echo-app',
      requestProps: { rpc_trace_context: { sofaTraceId: '0a0b', sofaRpcId: '0.1', depth: 2 }, zone: 'gz', skip: [1] },
    });
    expect(headers).toEqual({
      service: 'com.a.Echo:1.0',
      sofa_head_method_name: 'echo',
      sofa_head_target_app: 'echo-app',
      sofa_head_target_service: 'com.a.Echo:1.0',
      'rpc_trace_context.sofaTraceId': '0a0b',
      'rpc_trace_context.sofaRpcId': '0.1',
      'rpc_trace_context.depth': '2',
      zone: 'gz',
    });
    expect(headersUnder('rpc_trace_context', headers)).toEqual({ sofaTraceId: '0a0b', sofaRpcId: '0.1', depth: '2' });
  });

  it('lets requestProps not override the routing fields', () => {
    expect(sofaCallHeaders({ service: 's:1.0', method: 'm', requestProps: { service: 'evil' } }).service).toBe('s:1.0');
  });
});
