import type { SwitchReader } from '../../sdk/plugin/plugin.js';
import type { SwitchTarget } from '../switches/switch-scope.js';

/** Told after switches changed, with the names of those whose values changed. */
export type SwitchChangeListener = (changed: ReadonlySet<string>) => void;

/**
 * Dynamic switches as the core reads them: synchronously, from memory. `SwitchBoard`
 * (core/switches) is the live implementation, fed by the NATS switch source; standalone nodes and
 * tests may use fixed values.
 */
export interface SwitchSource extends SwitchReader {
  /**
   * The value set at the most specific scope for this node and `target` (node > api > group >
   * global), without the declared default: undefined when none is set, so a caller can fall back
   * to its own default (the log level the node was started with).
   */
  resolve(name: string, target?: SwitchTarget): unknown;
  /** Registers a callback run after any switch changed; returns the unsubscribe function. */
  onChange(listener: SwitchChangeListener): () => void;
}

/** Switches fixed at start, all at global scope (standalone mode and tests). */
export class StaticSwitches implements SwitchSource {
  private readonly values: ReadonlyMap<string, unknown>;

  constructor(values: Readonly<Record<string, unknown>> = {}) {
    this.values = new Map(Object.entries(values));
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  resolve(name: string): unknown {
    return this.values.get(name);
  }

  onChange(): () => void {
    return () => undefined;
  }
}
