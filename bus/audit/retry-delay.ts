/**
 * Wait before retry number `failures` (0-based): `initialMs` doubling per failure up to `maxMs`, with
 * ±20 % jitter so nodes that lost NATS together do not retry in lockstep.
 */
export function retryDelayMs(failures: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** failures);
  return ceiling * (0.8 + random() * 0.4);
}
