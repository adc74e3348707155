/**
 * Runs a scrape-time read of gateway state. A broken source must not fail the whole scrape: the
 * metric it feeds keeps its last value.
 */
export function readSafely(read: () => void): void {
  try {
    read();
  } catch {
    // Swallowed on purpose (see above).
  }
}
