import type { SwitchChangeListener, SwitchSource } from '../gateway/switch-source.js';
import { ScopedValues } from './scoped-values.js';
import { SwitchCatalog, type SwitchDeclarer } from './switch-catalog.js';
import type { SwitchValue } from './switch-definition.js';
import type { SwitchError } from './switch-error.js';
import { formatSwitchAddress, type SwitchAddress, type SwitchTarget } from './switch-scope.js';
import { validateSwitchSetting } from './validate-switch-value.js';

/** How a board is set up. Every field has a default in {@link defaultSwitchBoardOptions}. */
export interface SwitchBoardOptions {
  /** This node's id: values at `node:<id>` apply here; other nodes' values are held, not applied. */
  nodeId: string;
  /** The definitions values are validated against (built-ins plus the node's plugins'). */
  catalog: SwitchCatalog;
}

/** Defaults: node `gantry-1` (the gateway's default id), built-in definitions only. */
export function defaultSwitchBoardOptions(): SwitchBoardOptions {
  return { nodeId: 'gantry-1', catalog: new SwitchCatalog() };
}

/** What offering one value did. A refused value leaves the previous one in place. */
export type SwitchUpdate =
  | { readonly kind: 'applied' }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly error: SwitchError }
  /** No definition of that name is known yet: held aside, validated once a plugin declares it. */
  | { readonly kind: 'pending' };

/** One held value. */
export interface SwitchEntry {
  readonly address: SwitchAddress;
  readonly value: SwitchValue;
}

/** The value of one address that was offered again when definitions changed, and what came of it. */
export interface RevalidatedSwitch {
  readonly address: SwitchAddress;
  readonly value: unknown;
  readonly update: SwitchUpdate;
}

/**
 * The switches of one node, in memory: every value validated against its definition, resolved per
 * node and API by precedence node > api > group > global > default. Reads are synchronous and build
 * nothing; writes come from a switch source (NATS, tests) and notify listeners once per change, or
 * once per `batch`.
 */
export class SwitchBoard implements SwitchSource {
  readonly nodeId: string;
  readonly catalog: SwitchCatalog;
  /** name → plugin ('' for a switch that is not per plugin) → values by scope. */
  private readonly values = new Map<string, Map<string, ScopedValues>>();
  private readonly pending = new Map<string, { address: SwitchAddress; value: unknown }>();
  private readonly listeners = new Set<SwitchChangeListener>();
  private batchDepth = 0;
  private changed = new Set<string>();

  constructor(options: Partial<SwitchBoardOptions> = {}) {
    const resolved = { ...defaultSwitchBoardOptions(), ...options };
    this.nodeId = resolved.nodeId;
    this.catalog = resolved.catalog;
  }

  /** The value for this node (or the API of `route`), else the declared default. */
  get(name: string, route?: SwitchTarget): unknown {
    const value = this.resolve(name, route);
    return value !== undefined ? value : this.catalog.get(name)?.default;
  }

  resolve(name: string, target?: SwitchTarget): SwitchValue | undefined {
    const values = this.values.get(name)?.get(target?.plugin ?? '');
    return values?.resolve(this.nodeId, target?.group, target?.api);
  }

  /** The value set exactly at `address`, if any. */
  valueAt(address: SwitchAddress): SwitchValue | undefined {
    return this.values.get(address.name)?.get(address.plugin ?? '')?.get(address.scope);
  }

  /** Validates and holds a value; a refused one changes nothing. */
  set(address: SwitchAddress, value: unknown): SwitchUpdate {
    const definition = this.catalog.get(address.name);
    if (definition === undefined) {
      this.pending.set(formatSwitchAddress(address), { address, value });
      return { kind: 'pending' };
    }
    const checked = validateSwitchSetting(definition, address, value);
    if (!checked.ok) return { kind: 'refused', error: checked.error };
    if (!this.slot(address).set(address.scope, checked.value)) return { kind: 'unchanged' };
    this.markChanged(address);
    return { kind: 'applied' };
  }

  /** Removes the value at `address` (the next scope's value, or the default, applies); false if none. */
  delete(address: SwitchAddress): boolean {
    if (this.pending.delete(formatSwitchAddress(address))) return true;
    const byPlugin = this.values.get(address.name);
    const values = byPlugin?.get(address.plugin ?? '');
    if (values === undefined || !values.delete(address.scope)) return false;
    if (values.empty) byPlugin?.delete(address.plugin ?? '');
    this.markChanged(address);
    return true;
  }

  /** Runs `work` (sets and deletes) and notifies listeners once at the end, with every name changed. */
  batch<T>(work: () => T): T {
    this.batchDepth++;
    try {
      return work();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.notify();
    }
  }

  /**
   * Adds a plugin's switch definitions (a plugin registered after start) and offers again the
   * values held for those names: pending ones, and held ones that a new definition may now refuse.
   * Throws a TypeError when a definition is malformed (nothing is changed then).
   */
  declare(plugin: SwitchDeclarer): RevalidatedSwitch[] {
    const names = new Set(this.catalog.addPluginSwitches(plugin).map((d) => d.name));
    const offered = [...this.pending.values()].filter((p) => names.has(p.address.name));
    for (const entry of this.entries()) if (names.has(entry.address.name)) offered.push(entry);
    return this.batch(() =>
      offered.map(({ address, value }) => {
        this.pending.delete(formatSwitchAddress(address));
        const update = this.set(address, value);
        if (update.kind === 'refused') this.delete(address);
        return { address, value, update };
      }),
    );
  }

  /** Every held value (pending ones excluded). */
  entries(): SwitchEntry[] {
    const out: SwitchEntry[] = [];
    for (const [name, byPlugin] of this.values) {
      for (const [plugin, values] of byPlugin) {
        for (const [scope, value] of values.entries()) out.push({ address: plugin === '' ? { name, scope } : { name, scope, plugin }, value });
      }
    }
    return out;
  }

  /** Values held for switches no definition is known for. */
  pendingEntries(): { address: SwitchAddress; value: unknown }[] {
    return [...this.pending.values()];
  }

  onChange(listener: SwitchChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private slot(address: SwitchAddress): ScopedValues {
    let byPlugin = this.values.get(address.name);
    if (byPlugin === undefined) this.values.set(address.name, (byPlugin = new Map()));
    let values = byPlugin.get(address.plugin ?? '');
    if (values === undefined) byPlugin.set(address.plugin ?? '', (values = new ScopedValues()));
    return values;
  }

  private markChanged(address: SwitchAddress): void {
    // Another node's value changes nothing here: no listener needs to recompute for it.
    if (address.scope.kind === 'node' && address.scope.node !== this.nodeId) return;
    this.changed.add(address.name);
    if (this.batchDepth === 0) this.notify();
  }

  /** Tells every listener; one that throws does not keep the others from hearing, and is rethrown after. */
  private notify(): void {
    if (this.changed.size === 0) return;
    const changed = this.changed;
    this.changed = new Set();
    let failure: unknown;
    for (const listener of this.listeners) {
      try {
        listener(changed);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
