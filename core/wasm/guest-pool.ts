/**
 * The Extism instances of one plugin instance (one binding's config). A guest call runs
 * synchronously on the event-loop thread, but the Extism call around it resolves a microtask later,
 * and the output sits in the instance's buffers until then; so an instance is taken out of the pool
 * for the whole call and concurrent calls each get their own. Instances are made from the compiled
 * module in ~0.1 ms: a trapped one is thrown away (its runtime may be corrupt), and a healthy one is
 * retired after `recycleAfterCalls` calls, bounding whatever the guest's heap accumulates.
 */
import type { Plugin } from '@extism/extism';

/** The exported linear memory of an instance (what the fast input/output host functions copy through). */
export interface GuestMemory {
  readonly buffer: ArrayBuffer;
}

/** A made instance: the Extism plugin and its module's memory. */
export interface GuestHandle {
  readonly plugin: Plugin;
  readonly memory: GuestMemory | undefined;
}

/** One Extism instance and the calls it has served. */
export interface Guest extends GuestHandle {
  calls: number;
}

/** Counts instances alive across pools (for leak checks and node status). */
export interface LiveCounter {
  live: number;
}

export class GuestPool {
  private readonly idle: Guest[] = [];
  private closed = false;

  constructor(
    private readonly make: () => Promise<GuestHandle>,
    private readonly keepIdle: number,
    private readonly recycleAfterCalls: number,
    private readonly counter: LiveCounter,
  ) {}

  /** Makes one instance ahead of the first call, so load errors surface at create time. */
  async warm(): Promise<void> {
    const guest = await this.create();
    this.release(guest, true);
  }

  /** An idle instance, or a new one. */
  acquire(): Guest | Promise<Guest> {
    return this.idle.pop() ?? this.create();
  }

  /** Returns an instance after a call; an unhealthy, worn-out or surplus one is closed instead. */
  release(guest: Guest, healthy: boolean): void {
    if (healthy && !this.closed && guest.calls < this.recycleAfterCalls && this.idle.length < this.keepIdle) {
      this.idle.push(guest);
      return;
    }
    this.discard(guest);
  }

  /** Closes the idle instances; ones still in a call are closed when they come back. */
  close(): void {
    this.closed = true;
    for (const guest of this.idle.splice(0)) this.discard(guest);
  }

  private async create(): Promise<Guest> {
    const handle = await this.make();
    this.counter.live += 1;
    return { ...handle, calls: 0 };
  }

  private discard(guest: Guest): void {
    this.counter.live -= 1;
    void guest.plugin.close();
  }
}
