/**
 * The error every gateway-made failure travels as. It is built from a row of the result-code table,
 * so its code, HTTP status and memo cannot drift from the table; callers branch on `code` (or the
 * predicates below), never on the message.
 */
import { ResultCodes, resultCodeByNumber } from './result-codes.js';
import type { ResultCodeName } from './result-codes.js';

/**
 * Brand shared by every copy of this module: a plugin built against another SDK copy creates errors
 * whose class is a different object, and `instanceof` must still recognise them.
 */
export const GANTRY_ERROR_BRAND = Symbol.for('gantry.error');

/** What a caller may add to the table's row when raising an error. */
export interface GantryErrorOptions {
  /** Replaces the table's tips in the error body, for a more specific hint. */
  tips?: string;
  /** Dotted detail for the error and digest logs, e.g. `upstream.connect-refused`. */
  detail?: string;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/** The JSON body of a gateway-made error answer. Key order is part of the contract. */
export interface GantryErrorBody {
  code: number;
  memo: string;
  tips: string;
  traceId: string;
}

/** A gateway-made failure, carrying its result code and everything the reply needs. */
export class GantryError extends Error {
  override readonly name = 'GantryError';
  /** The 4-digit result code. */
  readonly code: number;
  /** Key of the result-code row this error was built from. */
  readonly resultName: ResultCodeName;
  /** HTTP status of the answer. */
  readonly httpStatus: number;
  /** The row's memo identifier. */
  readonly memo: string;
  /**
   * Tips for the error body: the caller's override, else the table's. This module always sets it; the
   * type leaves it optional because an error from an older SDK copy may lack it.
   */
  readonly tips?: string;
  /** Dotted detail for logs (`plugin.request-id.threw`); never sent to the client. */
  readonly detail?: string;

  constructor(name: ResultCodeName, options: GantryErrorOptions = {}) {
    const entry = ResultCodes[name];
    const message = options.detail === undefined ? `${entry.code} ${entry.memo}` : `${entry.code} ${entry.memo} (${options.detail})`;
    // Only pass `cause` when given, so `'cause' in err` tells whether there was one.
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = entry.code;
    this.resultName = name;
    this.httpStatus = entry.httpStatus;
    this.memo = entry.memo;
    this.tips = options.tips ?? entry.tips;
    if (options.detail !== undefined) this.detail = options.detail;
  }

  /** On the prototype, so every instance carries the brand without an own property. */
  get [GANTRY_ERROR_BRAND](): true {
    return true;
  }

  /**
   * `x instanceof GantryError` holds for an error made by any copy of this module. A subclass keeps
   * the ordinary prototype check, so `instanceof SubClass` does not match every GantryError.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== GantryError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return isGantryError(value);
  }
}

/** Builds the error for a row of the result-code table. */
export function gantryError(name: ResultCodeName, options?: GantryErrorOptions): GantryError {
  return new GantryError(name, options);
}

/** True for a {@link GantryError} from any copy of this module. */
export function isGantryError(value: unknown): value is GantryError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[GANTRY_ERROR_BRAND] === true;
}

/** True when the backend did not answer in time (4001 InvokeServiceTimeout). */
export function isUpstreamTimeout(err: unknown): err is GantryError {
  return isGantryError(err) && err.code === ResultCodes.InvokeServiceTimeout.code;
}

/** True when no backend could be reached: none to call (4000) or the call failed (4002). */
export function isUpstreamUnavailable(err: unknown): err is GantryError {
  return (
    isGantryError(err) &&
    (err.code === ResultCodes.NoProxyServiceFound.code || err.code === ResultCodes.UnknownProxyError.code)
  );
}

/**
 * The JSON body of the error answer, keys in the order `code, memo, tips, traceId`. Tips fall back to
 * the table's when the error (e.g. from another SDK copy) carries none.
 */
export function toErrorBody(err: GantryError, traceId: string): GantryErrorBody {
  return {
    code: err.code,
    memo: err.memo,
    tips: err.tips ?? resultCodeByNumber(err.code)?.tips ?? '',
    traceId,
  };
}
