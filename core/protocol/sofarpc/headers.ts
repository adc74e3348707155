// Bolt header names written by SOFARPC (com.alipay.sofa.rpc.common.RemotingConstants).

export const SofaHeader = {
  /** Target service unique name: interface:version[:uniqueId]. */
  service: 'service',
  methodName: 'sofa_head_method_name',
  targetApp: 'sofa_head_target_app',
  /** Same value as `service`; older peers read this one. */
  targetService: 'sofa_head_target_service',
  /** 'true' on a response whose SofaResponse.isError is set. */
  responseError: 'sofa_head_response_error',
  /** Map key in requestProps (and header prefix) carrying the SOFATracer context. */
  traceContext: 'rpc_trace_context',
} as const;

/** Keys inside `rpc_trace_context` (SOFATracer). */
export const SofaTraceKey = {
  traceId: 'sofaTraceId',
  rpcId: 'sofaRpcId',
  callerIdc: 'sofaCallerIdc',
  callerIp: 'sofaCallerIp',
  callerApp: 'sofaCallerApp',
  callerZone: 'sofaCallerZone',
  penAttrs: 'sofaPenAttrs',
  sysPenAttrs: 'sysPenAttrs',
} as const;

export const SOFA_REQUEST_CLASS = 'com.alipay.sofa.rpc.core.request.SofaRequest';
export const SOFA_RESPONSE_CLASS = 'com.alipay.sofa.rpc.core.response.SofaResponse';
export const RPC_SERVER_EXCEPTION_CLASS = 'com.alipay.remoting.rpc.exception.RpcServerException';

/** The unique service name SOFARPC routes on: `interface:version[:uniqueId]`. */
export function sofaServiceName(iface: string, version = '1.0', uniqueId = ''): string {
  return uniqueId ? `${iface}:${version}:${uniqueId}` : `${iface}:${version}`;
}

/** The fields of a call that travel in Bolt headers. */
export interface SofaHeaderFields {
  service: string;
  method: string;
  targetApp?: string;
  requestProps?: Readonly<Record<string, unknown>>;
}

/**
 * Request headers: routing fields, then requestProps flattened with '.' (so the trace context
 * becomes `rpc_trace_context.sofaTraceId`), which lets a server route without reading the body.
 */
export function sofaCallHeaders(call: SofaHeaderFields): Record<string, string> {
  const headers: Record<string, string> = {};
  if (call.requestProps) flatten('', call.requestProps, headers);
  headers[SofaHeader.service] = call.service;
  headers[SofaHeader.methodName] = call.method;
  headers[SofaHeader.targetApp] = call.targetApp ?? '';
  headers[SofaHeader.targetService] = call.service;
  return headers;
}

function flatten(prefix: string, source: Readonly<Record<string, unknown>>, into: Record<string, string>): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const name = prefix + key;
    if (typeof value === 'string') into[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') into[name] = String(value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      flatten(`${name}.`, value as Record<string, unknown>, into);
    }
  }
}

/** Inverse of the flattening for one prefix: `rpc_trace_context.x` headers → `{ x }`. */
export function headersUnder(prefix: string, headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const start = `${prefix}.`;
  for (const [key, value] of Object.entries(headers)) {
    if (key.startsWith(start)) out[key.slice(start.length)] = value;
  }
  return out;
}
