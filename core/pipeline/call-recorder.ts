import type { CallExchange } from './call-exchange.js';
import type { GantryError } from './gantry-error.js';

/**
 * Receives every finished call once (digest log line, metrics). The pipeline depends on this
 * interface only; `core/observe` implements it, so the hot path never imports prom-client.
 */
export interface CallRecorder {
  /** Called exactly once per call, after the answer was written (or the connection cut). */
  record(exchange: CallExchange): void;
  /** Called before `record` when the call failed, with the error that was answered. */
  failed(exchange: CallExchange, error: GantryError): void;
}
