/** Why a registry operation failed; branch on `code`, never on the message. */
export type PluginRegistryErrorCode = 'exists' | 'not-found' | 'invalid' | 'corrupt';

/** Thrown by the registry operations for failures the caller can act on. */
export class PluginRegistryError extends Error {
  override readonly name = 'PluginRegistryError';

  constructor(readonly code: PluginRegistryErrorCode, message: string) {
    super(message);
  }
}

/** True for a {@link PluginRegistryError}, optionally of one code. */
export function isPluginRegistryError(error: unknown, code?: PluginRegistryErrorCode): error is PluginRegistryError {
  return error instanceof PluginRegistryError && (code === undefined || error.code === code);
}
