/**
 * A config source that tells a listener what became of each candidate it delivered. The node
 * needs the candidate beside the outcome: a refused outcome does not carry the revision that was
 * refused, and an `unchanged` one carries the live revision rather than the one delivered. It also
 * sees the very first delivery, which happens inside `Gateway.start`, before `gateway.snapshots`
 * could be subscribed to.
 */
import type { ConfigCandidate, ConfigSource, DeliverConfig } from '../../core/gateway/config-source.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';

/** Told of every delivery, after the node decided. */
export type DeliveryListener = (candidate: ConfigCandidate, outcome: ApplyOutcome) => void;

/** Wraps `inner`; delivery, order and results are unchanged. */
export class ObservedConfigSource implements ConfigSource {
  constructor(
    private readonly inner: ConfigSource,
    private readonly listener: DeliveryListener,
    private readonly onListenerError: (error: unknown) => void = () => undefined,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  start(deliver: DeliverConfig): Promise<ApplyOutcome> {
    return this.inner.start(async (candidate) => {
      const outcome = await deliver(candidate);
      try {
        this.listener(candidate, outcome);
      } catch (error) {
        // Status and audit are reports: their failure must never fail the delivery itself.
        this.onListenerError(error);
      }
      return outcome;
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
