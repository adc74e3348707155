/**
 * The clock behind the meter. Guest calls run synchronously on the event-loop thread, so one
 * deadline per process is enough: it is set when a call starts and cleared when it returns.
 * The instrumented module calls {@link meterCheck} every {@link METER_FUEL} units of work; past the
 * deadline it throws, which unwinds the guest's stack back into the host.
 */

/** Import module and field the metering rewrite adds to every module. */
export const METER_IMPORT_MODULE = 'gantry:meter';
export const METER_IMPORT_FIELD = 'check';

/** Units of work between two clock reads: one unit per loop iteration or call; bytes/64 for bulk memory ops. */
export const METER_FUEL = 20_000;

/** Thrown into the guest when its call ran past the deadline. */
export class MeterTimeout extends Error {
  override readonly name = 'MeterTimeout';
}

let deadline = Number.POSITIVE_INFINITY;

/** Arms the meter for one call of `timeoutMs`; returns the previous deadline (calls may nest in tests). */
export function armMeter(timeoutMs: number): number {
  const previous = deadline;
  deadline = performance.now() + timeoutMs;
  return previous;
}

/** Restores the deadline returned by {@link armMeter}. */
export function disarmMeter(previous: number): void {
  deadline = previous;
}

/** The host import the meter calls; a no-op until the deadline has passed. */
export function meterCheck(): void {
  if (performance.now() > deadline) throw new MeterTimeout('call ran past its time limit');
}
