/**
 * The IPC vocabulary between the primary and its workers (node:cluster's channel, JSON). Every
 * message has a `gantry:` type so that prom-client's or anyone else's messages pass by untouched.
 */
import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** The env variable that tells a forked worker its slot (1..N), stable across restarts. */
export const WORKER_SLOT_ENV = 'GANTRY_WORKER_SLOT';

/** A worker's metrics as prom-client's `getMetricsAsJSON` gives them. */
export type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** Primary → worker: the config every worker applies, with the revision the primary gave it. */
export interface ConfigMessage {
  readonly type: 'gantry:config';
  readonly origin: string;
  readonly document: unknown;
  readonly revision: number;
}

/** Primary → worker: stop taking calls, finish the ones in flight, exit 0. */
export interface DrainMessage {
  readonly type: 'gantry:drain';
  readonly reason: string;
}

/** Primary → worker: answer with the worker's metrics. */
export interface MetricsRequest {
  readonly type: 'gantry:metrics-request';
  readonly requestId: number;
}

/** Primary → worker: reopen the log files (the primary got SIGHUP). */
export interface ReopenLogsMessage {
  readonly type: 'gantry:reopen-logs';
}

export type PrimaryMessage = ConfigMessage | DrainMessage | MetricsRequest | ReopenLogsMessage;

/** Worker → primary: where the worker is, sent on every change (start, apply, drain). */
export interface WorkerStateMessage {
  readonly type: 'gantry:worker-state';
  readonly ready: boolean;
  readonly draining: boolean;
  /** Revision of the worker's live snapshot; 0 before the first apply. */
  readonly revision: number;
  /** The shared HTTP port, once listening. */
  readonly httpPort: number;
  /** The worker's own admin listener (loopback by default, ephemeral port) that the primary forwards to. */
  readonly privateAdminPort: number;
  /** `listen.adminHost` / `listen.admin` of the worker's config: where the node's admin port belongs. */
  readonly adminHost: string;
  readonly configAdminPort: number;
}

/** Worker → primary: a config the primary sent was refused by the worker (the primary logs it). */
export interface WorkerRefusedMessage {
  readonly type: 'gantry:worker-refused';
  readonly revision: number;
  readonly reason: string;
}

/** Worker → primary: send me the current config (once listening for it: earlier messages would be lost). */
export interface ConfigRequest {
  readonly type: 'gantry:config-request';
}

/** Worker → primary: the answer to a {@link MetricsRequest}. */
export interface MetricsResponse {
  readonly type: 'gantry:metrics-response';
  readonly requestId: number;
  readonly metrics: WorkerMetrics;
}

/** Worker → primary: the worker was told to drain by someone else (a `drain` command): drain the node. */
export interface DrainRequest {
  readonly type: 'gantry:drain-request';
  readonly reason: string;
}

export type WorkerMessage = WorkerStateMessage | WorkerRefusedMessage | ConfigRequest | MetricsResponse | DrainRequest;

function typeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

const PRIMARY_TYPES = new Set(['gantry:config', 'gantry:drain', 'gantry:metrics-request', 'gantry:reopen-logs']);
const WORKER_TYPES = new Set(['gantry:worker-state', 'gantry:worker-refused', 'gantry:config-request', 'gantry:metrics-response', 'gantry:drain-request']);

/** A message from the primary, or undefined for anything else on the channel. */
export function asPrimaryMessage(value: unknown): PrimaryMessage | undefined {
  const type = typeOf(value);
  return type !== undefined && PRIMARY_TYPES.has(type) ? (value as PrimaryMessage) : undefined;
}

/** A message from a worker, or undefined for anything else on the channel. */
export function asWorkerMessage(value: unknown): WorkerMessage | undefined {
  const type = typeOf(value);
  return type !== undefined && WORKER_TYPES.has(type) ? (value as WorkerMessage) : undefined;
}

/** Sends to the primary; a worker whose channel is gone (the primary died) has nobody to tell. */
export function sendToPrimary(message: WorkerMessage): void {
  if (process.send === undefined || !process.connected) return;
  process.send(message, undefined, undefined, () => undefined);
}
