import { escapeLogField } from './log-escape.js';
import { formatLogTime } from './log-time.js';
import type { LogWriter } from './log-writer.js';

/**
 * One finished call, as the pipeline hands it to the digest log. Optional fields that are missing or
 * empty print as `-`. Numbers are printed as given (no escaping needed).
 */
export interface DigestRecord {
  /** Gateway trace id, printed in `[...]` before the field list. */
  readonly traceId: string;
  /** 1: request method (`GET`; the RPC method name for RPC fronts). */
  readonly method: string;
  /** 2: request path as received. */
  readonly path: string;
  /** 3 and 4: the gateway result code; field 3 is derived from it (see `isDigestSuccess`). */
  readonly resultCode: number;
  /** 5: total time in the gateway, printed rounded to whole milliseconds as `<n>ms`. */
  readonly latencyMs: number;
  /** 6: calling app (from signature or access control). */
  readonly appId?: string;
  /** 7: workspace / tenant. */
  readonly workspaceId?: string;
  /** 8: API group name. */
  readonly group?: string;
  /** 9: API (router) name. */
  readonly api?: string;
  /** 10: backend service id. */
  readonly serviceId?: string;
  /** 11: method sent to the backend. */
  readonly targetMethod?: string;
  /** 12: path (or RPC interface) sent to the backend. */
  readonly targetPath?: string;
  /** 13: client address; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is shortened, IPv6 is bracketed. */
  readonly clientAddress?: string;
  /** 13: client port. */
  readonly clientPort?: number;
  /** 14: upstream endpoint `host:port` that served the call. */
  readonly upstreamAddress?: string;
  /** 15: front protocol, see `DIGEST_FRONT_PROTOCOLS`. */
  readonly frontProtocol: string;
  /** 16: back protocol, see `DIGEST_BACK_PROTOCOLS`. */
  readonly backProtocol?: string;
  /** 17: data encoding of the backend call (`hessian2`, `json`...). */
  readonly dataEncoding?: string;
  /** 18: `Y` for an asynchronous (oneway/future/callback) backend call, `N` for sync. */
  readonly async?: boolean;
  /** 19: request body bytes received from the client. */
  readonly requestBytes?: number;
  /** 20: response body bytes sent to the client. */
  readonly responseBytes?: number;
  /** 21: user id used for LDC routing. */
  readonly uid?: string;
  /** 22: LDC zone the call was routed to. */
  readonly zone?: string;
  /** 23: trace id the client sent; printed in brackets, `[-]` when absent. */
  readonly clientTraceId?: string;
  /** 24: this gateway node's instance id. */
  readonly nodeId: string;
  /**
   * After the 24 fields, outside the parentheses: ` plugins=[a@1.3.0 b@2.0.0]`, the versions of
   * gray-released plugins that served the call. Absent (and nothing printed) without gray release.
   */
  readonly pluginVersions?: string;
}

/** Field 15 values. */
export const DIGEST_FRONT_PROTOCOLS = Object.freeze({
  http1: 'Gantry-Http1',
  bolt: 'Gantry-Bolt',
  dubbo: 'Gantry-Dubbo',
} as const);

/** Field 16 values. */
export const DIGEST_BACK_PROTOCOLS = Object.freeze({
  http: 'Http',
  mock: 'Mock',
  sofaRpc: 'SofaRpc',
  dubbo: 'Dubbo',
} as const);

/**
 * Field 3 (`Y`/`N`), and "is this an error" for sampling. `Y` exactly when the call was served:
 * - 1000–1999 except 1002: success, mock answer (1100), backend 1xx/2xx passed through (18xx), health
 *   check (1999). 1002 is the gateway's own rate-limit refusal (HTTP 429), so `N`.
 * - 6100–6299: the backend answered 3xx or 4xx and the gateway passed it through — the gateway did
 *   its job and the status is the caller's business.
 * Everything else is `N`: gateway refusals (2xxx signature, 3xxx routing, 7xxx, 8xxx), invoke
 * failures (4xxx, 5xxx), mock errors (6000–6006, 6666) and backend 5xx (63xx).
 */
export function isDigestSuccess(resultCode: number): boolean {
  if (resultCode >= 1000 && resultCode <= 1999) return resultCode !== 1002;
  return resultCode >= 6100 && resultCode <= 6299;
}

function formatCount(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '-' : String(n);
}

function formatClientAddress(address: string | undefined, port: number | undefined): string {
  if (address === undefined || address.length === 0) return '-';
  const unmapped = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  // Escape before bracketing: the brackets of an IPv6 literal are the only ones a field may carry.
  const host = unmapped.includes(':') ? `[${escapeLogField(unmapped)}]` : escapeLogField(unmapped);
  return port === undefined ? host : `${host}:${port}`;
}

/**
 * Formats one digest line (no trailing newline):
 * `<time> [INFO] - [<traceId>](<f1>,...,<f24>)`. See `escapeLogField` for how delimiters in values
 * are escaped; after it, splitting the text between the outer parentheses on `,` yields 24 fields.
 */
export function formatDigestLine(record: DigestRecord, nowMs: number): string {
  const r = record;
  const latency = Number.isFinite(r.latencyMs) ? Math.max(0, Math.round(r.latencyMs)) : 0;
  const asyncFlag = r.async === undefined ? '-' : r.async ? 'Y' : 'N';
  return (
    `${formatLogTime(nowMs)} [INFO] - [${escapeLogField(r.traceId)}](` +
    `${escapeLogField(r.method)},${escapeLogField(r.path)},${isDigestSuccess(r.resultCode) ? 'Y' : 'N'},` +
    `${r.resultCode},${latency}ms,${escapeLogField(r.appId)},${escapeLogField(r.workspaceId)},` +
    `${escapeLogField(r.group)},${escapeLogField(r.api)},${escapeLogField(r.serviceId)},` +
    `${escapeLogField(r.targetMethod)},${escapeLogField(r.targetPath)},` +
    `${formatClientAddress(r.clientAddress, r.clientPort)},${escapeLogField(r.upstreamAddress)},` +
    `${escapeLogField(r.frontProtocol)},${escapeLogField(r.backProtocol)},${escapeLogField(r.dataEncoding)},` +
    `${asyncFlag},${formatCount(r.requestBytes)},${formatCount(r.responseBytes)},` +
    `${escapeLogField(r.uid)},${escapeLogField(r.zone)},[${escapeLogField(r.clientTraceId)}],` +
    `${escapeLogField(r.nodeId)})` +
    (r.pluginVersions === undefined ? '' : ` plugins=[${escapeLogField(r.pluginVersions)}]`)
  );
}

/** Tuning of the digest log. */
export interface DigestLogOptions {
  /** Share of successful calls written, 0–100. Calls that are not a success are always written. */
  sampleRatePercent: number;
}

/** Defaults: every call is written. */
export function defaultDigestLogOptions(): DigestLogOptions {
  return { sampleRatePercent: 100 };
}

function checkSampleRate(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`sampleRatePercent must be a number in [0, 100], got ${percent}`);
  }
  return percent;
}

/**
 * The access log: one line per call, sampled. Sampling is deterministic and evenly spread (a credit
 * counter, not a random draw): at 25 % exactly every fourth successful call is written. A call that
 * is skipped costs one comparison — nothing is formatted.
 */
export class DigestLog {
  private rate: number;
  private credit = 0;

  constructor(
    readonly writer: LogWriter,
    options: Partial<DigestLogOptions> = {},
  ) {
    this.rate = checkSampleRate({ ...defaultDigestLogOptions(), ...options }.sampleRatePercent);
  }

  /** Current share of successful calls written, 0–100. */
  get sampleRatePercent(): number {
    return this.rate;
  }

  /** Changes the sampling rate at runtime (driven by a switch); throws RangeError outside 0–100. */
  setSampleRatePercent(percent: number): void {
    this.rate = checkSampleRate(percent);
    this.credit = 0;
  }

  /** Writes the call's line unless sampled out; returns whether a line was written. */
  record(record: DigestRecord, nowMs: number = Date.now()): boolean {
    if (!this.writer.enabled || !this.isSampled(record.resultCode)) return false;
    this.writer.write(formatDigestLine(record, nowMs));
    return true;
  }

  private isSampled(resultCode: number): boolean {
    if (this.rate >= 100 || !isDigestSuccess(resultCode)) return true;
    this.credit += this.rate;
    if (this.credit < 100) return false;
    this.credit -= 100;
    return true;
  }
}
