import type { CallExchange } from '../pipeline/call-exchange.js';
import type { CallRecorder } from '../pipeline/call-recorder.js';
import type { GantryError } from '../pipeline/gantry-error.js';
import type { GatewayLogs } from '../observe/gateway-logs.js';
import type { GatewayMetrics } from '../observe/gateway-metrics.js';

const FRONT_PROTOCOL = { http: 'Gantry-Http1', bolt: 'Gantry-Bolt', dubbo: 'Gantry-Dubbo' } as const;

/**
 * Turns each finished call into one digest line and one metrics sample, and failures into error-log
 * lines. Routing misses and client faults (3xxx) are logged at debug so a scanner cannot flood the
 * error log; gateway and upstream faults at error.
 */
export class CallObserver implements CallRecorder {
  constructor(private readonly logs: GatewayLogs, private readonly metrics: GatewayMetrics, private readonly nodeId: string) {}

  record(exchange: CallExchange): void {
    const outcome = exchange.outcome;
    const latencyMs = performance.now() - exchange.startedAt;
    const route = exchange.route;
    this.metrics.recordCall(route.group, route.api, outcome.resultCode, outcome.status, latencyMs / 1000, outcome.upstreamMs >= 0 ? outcome.upstreamMs / 1000 : undefined, outcome.requestBytes, outcome.responseBytes);
    this.logs.digest.record({
      traceId: exchange.traceId,
      method: exchange.clientMethod,
      path: exchange.originalPath,
      resultCode: outcome.resultCode,
      latencyMs,
      group: route.group,
      api: route.api,
      targetMethod: outcome.backProtocol === '-' ? undefined : exchange.method,
      targetPath: outcome.backProtocol === '-' ? undefined : exchange.path,
      clientAddress: exchange.clientAddress,
      clientPort: exchange.clientPort,
      upstreamAddress: outcome.upstreamAddress,
      frontProtocol: FRONT_PROTOCOL[exchange.protocol],
      backProtocol: outcome.backProtocol,
      requestBytes: outcome.requestBytes,
      responseBytes: outcome.responseBytes,
      clientTraceId: exchange.clientTraceId,
      nodeId: this.nodeId,
      pluginVersions: exchange.pluginVersions,
    });
  }

  failed(exchange: CallExchange, error: GantryError): void {
    const errors = this.logs.error;
    const clientFault = error.code >= 3000 && error.code < 4000;
    if (clientFault && !errors.isEnabled('debug')) return;
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    const message = `${error.code} ${error.memo}: ${error.tips ?? ''}${cause} [${exchange.clientMethod} ${exchange.originalPath}]`;
    if (clientFault) errors.debug(exchange.traceId, 'pipeline', error.detail ?? 'call', message);
    else errors.error(exchange.traceId, 'pipeline', error.detail ?? 'call', message);
  }
}
