import type { SwitchReader } from '../../sdk/plugin/plugin.js';

/**
 * Dynamic switches as the core reads them: synchronously, from memory. The NATS control plane
 * provides a live implementation; standalone nodes use fixed values.
 */
export interface SwitchSource extends SwitchReader {
  /** Registers a callback run after any switch changed. */
  onChange(listener: () => void): () => void;
}

/** Switches fixed at start (standalone mode and tests). */
export class StaticSwitches implements SwitchSource {
  private readonly values: ReadonlyMap<string, unknown>;

  constructor(values: Readonly<Record<string, unknown>> = {}) {
    this.values = new Map(Object.entries(values));
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  onChange(): () => void {
    return () => undefined;
  }
}
