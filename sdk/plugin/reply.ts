import type { ResultCodeName } from '../../core/pipeline/result-codes.js';

/**
 * An answer a plugin makes instead of forwarding the call. With no `body`, the gateway writes its
 * standard JSON error body `{ code, memo, tips, traceId }` for `code`; with a body, it is sent as is.
 */
export interface Reply {
  readonly kind: 'reply';
  /** Result code (by name) recorded in the digest log and sent in `x-gateway-result-code`. */
  readonly code: ResultCodeName;
  /** HTTP status; defaults to the result code's status. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Overrides the table's tips in the standard error body. */
  readonly tips?: string;
  /** Dotted detail for the logs, e.g. `ip-restriction.denied`. */
  readonly detail?: string;
}

/** Builds a reply; the single way plugins answer a call early. */
export function reply(code: ResultCodeName, options: Omit<Reply, 'kind' | 'code'> = {}): Reply {
  return { kind: 'reply', code, ...options };
}

/** True for values built by {@link reply}. */
export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'reply';
}
