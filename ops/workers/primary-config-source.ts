import type { ConfigSource, DeliverConfig } from '../../core/gateway/config-source.js';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';
import { asPrimaryMessage, sendToPrimary, type ConfigMessage } from './messages.js';

/**
 * A worker's config source in file mode: the documents the primary read, checked and numbered,
 * applied with the primary's revision so that every worker serves the same revision number for the
 * same document. The worker never reads the file itself.
 */
export class PrimaryConfigSource implements ConfigSource {
  readonly name = 'primary';
  private listener: ((raw: unknown) => void) | undefined;
  // Applies run one at a time in arrival order, as the primary sent them.
  private queue: Promise<unknown> = Promise.resolve();

  /** `onRefused` hears of a document this worker refused (the primary checked it, so rarely). */
  constructor(private readonly onRefused: (message: ConfigMessage, outcome: ApplyOutcome) => void = () => undefined) {}

  start(deliver: DeliverConfig): Promise<ApplyOutcome> {
    return new Promise<ApplyOutcome>((resolve, reject) => {
      let first = true;
      this.listener = (raw) => {
        const message = asPrimaryMessage(raw);
        if (message?.type !== 'gantry:config') return;
        this.queue = this.queue.then(async () => {
          try {
            const outcome = await deliver({ origin: message.origin, document: message.document, revision: message.revision });
            if (outcome.kind === 'refused') this.onRefused(message, outcome);
            if (first) resolve(outcome);
          } catch (error) {
            if (first) reject(error instanceof Error ? error : new Error(String(error)));
          } finally {
            first = false;
          }
        });
      };
      process.on('message', this.listener);
      sendToPrimary({ type: 'gantry:config-request' });
    });
  }

  async close(): Promise<void> {
    if (this.listener !== undefined) process.off('message', this.listener);
    this.listener = undefined;
  }
}
