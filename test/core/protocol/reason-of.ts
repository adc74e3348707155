import { isProtocolError } from '../../../core/protocol/index.js';

/** The ProtocolError reason `run` throws; undefined when it does not throw, a marker for other errors. */
export function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return isProtocolError(err) ? err.reason : `not a ProtocolError: ${String(err)}`;
  }
  return undefined;
}
