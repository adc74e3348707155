import { gantryError, isGantryError, type GantryError } from '../../pipeline/gantry-error.js';

/** Errors that prove the request never reached the upstream, so any method may be retried. */
const NEVER_SENT = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT', 'EOPENBREAKER',
]);

/** Gantry's own head deadline (see UpstreamAttempt) and undici's backstops. */
const TIMEOUTS = new Set(['GANTRY_UPSTREAM_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Reads a `code` from any thrown value without trusting its shape. */
export function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== error) return errorCodeOf(cause);
  }
  return '';
}

/** True when the attempt ran out of time: never retried, the API's budget is spent. */
export function isUpstreamTimeout(error: unknown): boolean {
  return TIMEOUTS.has(errorCodeOf(error));
}

/** True when the failure happened before the upstream could have seen the request. */
export function wasNeverSent(error: unknown): boolean {
  return NEVER_SENT.has(errorCodeOf(error));
}

/**
 * Maps a transport failure onto the result-code table:
 * | failure                                  | code | detail                      |
 * |------------------------------------------|------|-----------------------------|
 * | no head within timeoutMs, body timeout   | 4001 | upstream.timeout            |
 * | breaker open                             | 4002 | upstream.breaker-open       |
 * | refused / unreachable / DNS / connect TO | 4002 | upstream.connect-failed     |
 * | reset, socket closed, garbage response   | 4002 | upstream.<code lower-cased> |
 */
export function upstreamFailure(error: unknown, endpoint: string): GantryError {
  if (isGantryError(error)) return error;
  const code = errorCodeOf(error);
  if (TIMEOUTS.has(code)) {
    return gantryError('InvokeServiceTimeout', { detail: 'upstream.timeout', tips: `no response from ${endpoint} within the API's timeout`, cause: error });
  }
  if (code === 'EOPENBREAKER') {
    return gantryError('UnknownProxyError', { detail: 'upstream.breaker-open', tips: `circuit breaker of ${endpoint} is open`, cause: error });
  }
  if (NEVER_SENT.has(code)) {
    return gantryError('UnknownProxyError', { detail: 'upstream.connect-failed', tips: `cannot connect to ${endpoint} (${code})`, cause: error });
  }
  const detail = code ? `upstream.${code.toLowerCase()}` : 'upstream.failed';
  return gantryError('UnknownProxyError', { detail, tips: `call to ${endpoint} failed${code ? ` (${code})` : ''}`, cause: error });
}
