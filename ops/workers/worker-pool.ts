/**
 * The primary's workers: forks one process per slot (node:cluster, so the primary owns the shared
 * listening sockets and hands connections to workers), tracks what each says about itself,
 * restarts the ones that die (see restart-policy.ts), and drains them all on request.
 */
import cluster, { type Worker } from 'node:cluster';
import { asWorkerMessage, WORKER_SLOT_ENV, type PrimaryMessage, type WorkerMessage, type WorkerStateMessage } from './messages.js';
import { RestartPolicy } from './restart-policy.js';

/** One worker as the node reports it (admin `/gantry/workers`, `/readyz`, the NATS status). */
export interface WorkerRow {
  /** Slot 1..N, kept by a restarted worker. */
  readonly id: number;
  /** Process id of the slot's current process; null between a death and its restart. */
  readonly pid: number | null;
  /** Revision the worker serves; null before its first apply. */
  readonly revision: number | null;
  readonly ready: boolean;
  /** Times this slot was restarted. */
  readonly restarts: number;
}

interface Slot {
  readonly id: number;
  worker: Worker | undefined;
  state: WorkerStateMessage | undefined;
  restarts: number;
  timer: NodeJS.Timeout | undefined;
}

/** What the pool tells its owner. */
export interface WorkerPoolEvents {
  /** A message from the worker of `slot`. */
  message(slot: number, message: WorkerMessage): void;
  /** A line for the operator (restarts, give-ups). */
  log(line: string): void;
  /** Restarts are over budget: the owner should drain and exit non-zero. */
  giveUp(reason: string): void;
  /** The worker of `slot` is gone (for any reason). */
  exited?(slot: number): void;
  /** A restart of `slot` is scheduled. */
  restarting?(slot: number): void;
}

export class WorkerPool {
  private readonly slots: Slot[];
  private drainingReason: string | undefined;

  constructor(count: number, private readonly events: WorkerPoolEvents, private readonly policy: RestartPolicy = new RestartPolicy()) {
    this.slots = Array.from({ length: count }, (_, index) => ({ id: index + 1, worker: undefined, state: undefined, restarts: 0, timer: undefined }));
  }

  private forked = false;
  private running = false;

  /** Forks every slot. */
  start(): void {
    this.forked = true;
    for (const slot of this.slots) this.fork(slot);
  }

  /**
   * Marks the node started (every worker was ready once). Before that a death is not restarted: a
   * worker that cannot start (port in use, bad build) would only fail again.
   */
  markRunning(): void {
    this.running = true;
  }

  /** Whether `start` ran. */
  get started(): boolean {
    return this.forked;
  }

  get size(): number {
    return this.slots.length;
  }

  get draining(): boolean {
    return this.drainingReason !== undefined;
  }

  rows(): WorkerRow[] {
    return this.slots.map((slot) => ({
      id: slot.id,
      pid: slot.worker?.process.pid ?? null,
      revision: slot.state !== undefined && slot.state.revision > 0 ? slot.state.revision : null,
      ready: slot.state?.ready === true && slot.worker !== undefined,
      restarts: slot.restarts,
    }));
  }

  /** The last state each live worker reported. */
  states(): { readonly id: number; readonly state: WorkerStateMessage }[] {
    return this.slots.flatMap((slot) => (slot.worker !== undefined && slot.state !== undefined ? [{ id: slot.id, state: slot.state }] : []));
  }

  /** Sends to the live worker of `slot`; false when there is none. */
  send(slotId: number, message: PrimaryMessage): boolean {
    const worker = this.slots[slotId - 1]?.worker;
    if (worker === undefined || !worker.isConnected()) return false;
    worker.send(message, undefined, () => undefined);
    return true;
  }

  /** Sends to every live worker; returns the slots reached. */
  broadcast(message: PrimaryMessage): number[] {
    return this.slots.filter((slot) => this.send(slot.id, message)).map((slot) => slot.id);
  }

  /**
   * Asks every worker to drain and resolves once all have exited; a worker still there `capMs`
   * later (its own drain timeout is in its config) is killed. No restarts from here on.
   */
  async drain(reason: string, capMs: number): Promise<void> {
    this.drainingReason ??= reason;
    for (const slot of this.slots) clearTimeout(slot.timer);
    const live = this.slots.flatMap((slot) => (slot.worker === undefined ? [] : [slot.worker]));
    const exits = live.map((worker) => new Promise<void>((resolve) => {
      if (worker.isDead()) resolve();
      else worker.once('exit', () => resolve());
    }));
    this.broadcast({ type: 'gantry:drain', reason });
    const cap = setTimeout(() => {
      for (const worker of live) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, capMs);
    await Promise.all(exits);
    clearTimeout(cap);
  }

  private fork(slot: Slot): void {
    slot.timer = undefined;
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(slot.id) });
    slot.worker = worker;
    slot.state = undefined;
    worker.on('message', (raw: unknown) => {
      const message = asWorkerMessage(raw);
      if (message === undefined || slot.worker !== worker) return;
      if (message.type === 'gantry:worker-state') slot.state = message;
      this.events.message(slot.id, message);
    });
    // A worker that cannot be forked or talked to is handled like one that died: by 'exit'.
    worker.on('error', () => undefined);
    worker.once('exit', (code: number | null, signal: string | null) => this.onExit(slot, worker, code, signal));
  }

  private onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    slot.state = undefined;
    this.events.exited?.(slot.id);
    if (this.drainingReason !== undefined) return;
    const how = signal === null ? `code ${code ?? '?'}` : `signal ${signal}`;
    if (!this.running) {
      const reason = `worker ${slot.id} (pid ${worker.process.pid ?? '?'}) exited with ${how} before the node was ready`;
      this.events.log(reason);
      this.events.giveUp(reason);
      return;
    }
    const decision = this.policy.decide();
    if (!decision.restart) {
      const reason = `worker ${slot.id} (pid ${worker.process.pid ?? '?'}) exited with ${how}; ${decision.recent} restarts within the last minute already, giving up`;
      this.events.log(reason);
      this.events.giveUp(reason);
      return;
    }
    slot.restarts += 1;
    this.events.restarting?.(slot.id);
    this.events.log(`worker ${slot.id} (pid ${worker.process.pid ?? '?'}) exited with ${how}; restarting in ${decision.delayMs} ms (restart ${decision.recent} within the last minute)`);
    slot.timer = setTimeout(() => this.fork(slot), decision.delayMs);
  }
}
