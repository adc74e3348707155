import type { MetricsResponse } from './messages.js';
import type { WorkerMetricsSample } from './metrics-aggregation.js';
import type { WorkerPool } from './worker-pool.js';

interface Pending {
  readonly samples: WorkerMetricsSample[];
  readonly waiting: Set<number>;
  readonly done: () => void;
}

/**
 * Asks every live worker for its metrics over IPC and gathers the answers. A worker that does not
 * answer within `timeoutMs` (busy, dying) is left out of that scrape rather than failing it.
 */
export class MetricsCollector {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly pool: WorkerPool, private readonly timeoutMs = 2000) {}

  /** Feed every `gantry:metrics-response` here. */
  receive(slot: number, message: MetricsResponse): void {
    const pending = this.pending.get(message.requestId);
    if (pending === undefined || !pending.waiting.delete(slot)) return;
    pending.samples.push({ id: slot, metrics: message.metrics });
    if (pending.waiting.size === 0) pending.done();
  }

  /** A worker that died owes no answer. */
  forget(slot: number): void {
    for (const pending of this.pending.values()) {
      if (pending.waiting.delete(slot) && pending.waiting.size === 0) pending.done();
    }
  }

  async collect(): Promise<WorkerMetricsSample[]> {
    const requestId = this.nextId++;
    const samples: WorkerMetricsSample[] = [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), this.timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve();
      };
      const waiting = new Set<number>();
      this.pending.set(requestId, { samples, waiting, done: finish });
      for (const id of this.pool.broadcast({ type: 'gantry:metrics-request', requestId })) waiting.add(id);
      if (waiting.size === 0) finish();
    });
    return samples.sort((a, b) => a.id - b.id);
  }
}
