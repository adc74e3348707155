import { definePlugin, newSpanId, newTraceId, newTraceparent, type Exchange, type HeaderMap, type PluginInstance, type ResponseView } from '../../sdk/index.js';
import { isAcceptableRequestId, traceIdOfTraceparent, w3cTraceIdOf } from './client-id.js';
import { RequestIdSchema, type RequestIdConfig } from './schema.js';

/** Header names the id header may not take: they carry the W3C context this plugin writes itself. */
const W3C_HEADERS = new Set(['traceparent', 'tracestate']);

/**
 * Gives every call one trace id, taken from the client when it sent a valid one, and carries it to
 * the upstream (id header + `traceparent`) and back to the client (id header).
 *
 * Decision table of the request phase (`accept` = `acceptClientId`):
 *
 * | client sent                      | accept | traceId                  | clientTraceId | upstream traceparent |
 * |----------------------------------|--------|--------------------------|---------------|----------------------|
 * | valid traceparent                | true   | its trace id             | traceparent   | kept as sent         |
 * | valid traceparent                | false  | generated                | traceparent   | fresh                |
 * | no valid traceparent, valid id   | true   | the id                   | the id        | fresh                |
 * | no valid traceparent, valid id   | false  | generated                | the id        | fresh                |
 * | neither                          | any    | generated                | ''            | fresh                |
 *
 * "fresh" is `00-<trace>-<new span id>-01`, written only with `propagateTraceparent`, and any
 * `tracestate` is dropped with the context it belonged to. Its trace part is the trace id, or for an
 * adopted request id that is not hex-shaped (32 hex digits or a UUID), a generated one.
 *
 * With tracing on, the trace id is already set when this hook runs (the server span's: the caller's
 * W3C/B3 trace id or a new one): the plugin adopts it, sends it upstream in the id header, records
 * the client's own id as `clientTraceId` if the tracer recorded none, and writes no `traceparent`.
 */
export const requestId = definePlugin({
  name: 'request-id',
  version: '1.0.0',
  priority: 11000,
  schema: RequestIdSchema,
  create(config: RequestIdConfig): PluginInstance {
    const headerName = config.headerName.toLowerCase();
    if (W3C_HEADERS.has(headerName)) {
      throw new TypeError(`headerName: "${config.headerName}" carries the W3C trace context; choose another header`);
    }
    const { acceptClientId, propagateTraceparent } = config;

    /** A fresh context goes upstream; any `tracestate` belonged to the context it replaces. */
    function sendTraceparent(headers: HeaderMap, traceparent: string): void {
      headers.traceparent = traceparent;
      if (headers.tracestate !== undefined) delete headers.tracestate;
    }

    function propagate(headers: HeaderMap, id: string, w3cTraceId: string): void {
      headers[headerName] = id;
      if (propagateTraceparent) sendTraceparent(headers, `00-${w3cTraceId}-${newSpanId()}-01`);
    }

    /** The common case, a new trace: with a traceparent to send, its id is cut out of a ready-made one (see newTraceparent). */
    function startTrace(exchange: Exchange, headers: HeaderMap): void {
      const fresh = propagateTraceparent ? newTraceparent() : undefined;
      const id = fresh === undefined ? newTraceId() : fresh.slice(3, 35);
      exchange.traceId = id;
      headers[headerName] = id;
      if (fresh !== undefined) sendTraceparent(headers, fresh);
    }

    function adoptTracedId(exchange: Exchange, headers: HeaderMap): void {
      if (exchange.clientTraceId === '') {
        const clientId = headers[headerName];
        if (typeof clientId === 'string' && isAcceptableRequestId(clientId)) exchange.clientTraceId = clientId;
      }
      headers[headerName] = exchange.traceId;
    }

    function onRequest(exchange: Exchange): void {
      const headers = exchange.headers;
      // Tracing on: the call already carries its server span's trace id. Adopt it so the id header,
      // the logs and the spans agree; the tracer writes the upstream's trace context itself.
      if (exchange.traceId !== '') {
        adoptTracedId(exchange, headers);
        return;
      }
      const traceparent = headers.traceparent;
      const parentTraceId = typeof traceparent === 'string' ? traceIdOfTraceparent(traceparent) : undefined;
      if (parentTraceId !== undefined) {
        exchange.clientTraceId = traceparent as string;
        if (acceptClientId) {
          exchange.traceId = parentTraceId;
          headers[headerName] = parentTraceId;
          return;
        }
      } else {
        const clientId = headers[headerName];
        if (typeof clientId === 'string' && isAcceptableRequestId(clientId)) {
          exchange.clientTraceId = clientId;
          if (acceptClientId) {
            exchange.traceId = clientId;
            propagate(headers, clientId, w3cTraceIdOf(clientId) ?? newTraceId());
            return;
          }
        }
      }
      startTrace(exchange, headers);
    }

    // The response phase also runs on answers the gateway makes itself (errors, plugin replies).
    function onResponse(exchange: Exchange, response: ResponseView): void {
      const id = exchange.traceId;
      if (id !== '') response.headers[headerName] = id;
    }

    return config.setResponseHeader ? { onRequest, onResponse } : { onRequest };
  },
});
