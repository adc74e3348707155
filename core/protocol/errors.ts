/** Why a codec refused its input. Stable strings: callers branch on them, never on messages. */
export type ProtocolErrorReason =
  | 'bad-magic'
  | 'unknown-command'
  | 'unsupported-codec'
  | 'bad-length'
  | 'frame-too-large'
  | 'crc-mismatch'
  | 'bad-payload'
  | 'type-mismatch';

const brand = Symbol.for('gantry.protocol-error');

/**
 * The only error a codec throws. A frame decoder that throws it has lost the stream: the caller
 * closes the connection.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly reason: ProtocolErrorReason;
  readonly [brand] = true;

  constructor(reason: ProtocolErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }

  /** Matches instances made by another copy of this module (the brand, not the prototype). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError;
}

/** Runs a third-party decoder and turns whatever it throws into `bad-payload`. */
export function decodingPayload<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (isProtocolError(err)) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new ProtocolError('bad-payload', `${what}: ${detail}`, { cause: err });
  }
}
