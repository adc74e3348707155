/**
 * Errors of the config plane. Callers (CLI, node) branch on `code`, never on the message.
 */
import type { ConfigIssue } from '../../core/config/config-issue.js';

/** Every failure the config plane reports. */
export const configPlaneErrorCodes = [
  /** The document failed schema or semantic validation; `issues` says where. */
  'invalid-config',
  /** The document cannot be split into keys (a name is missing, two objects want one key). */
  'invalid-document',
  /** Another writer committed between this writer's read and its commit. */
  'commit-conflict',
  /** A stored entry is not what the key scheme says it should be. */
  'malformed-entry',
  /** A manifest names a value that is no longer in the bucket's history. */
  'missing-value',
] as const;

/** One of {@link configPlaneErrorCodes}. */
export type ConfigPlaneErrorCode = (typeof configPlaneErrorCodes)[number];

const BRAND = Symbol.for('gantry.bus.config-plane-error');

/** A config-plane failure with a stable code (and the validation issues for `invalid-config`). */
export class ConfigPlaneError extends Error {
  override readonly name = 'ConfigPlaneError';
  readonly code: ConfigPlaneErrorCode;
  /** Validation issues, each with its field path; empty unless `code` is `invalid-config`. */
  readonly issues: readonly ConfigIssue[];
  /** For `commit-conflict`: the revision of the commit that won. */
  readonly revision: number | undefined;
  readonly [BRAND] = true;

  constructor(code: ConfigPlaneErrorCode, message: string, extra: { issues?: readonly ConfigIssue[]; revision?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    this.issues = extra.issues ?? [];
    this.revision = extra.revision;
  }

  // Why: a CLI or plugin bundling its own copy of this module must still recognise the error.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** True when a writer lost the race to commit and should re-read and re-run. */
export function isCommitConflict(error: unknown): error is ConfigPlaneError {
  return error instanceof ConfigPlaneError && error.code === 'commit-conflict';
}
