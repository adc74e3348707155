import type { PluginDefinition } from '../../sdk/plugin/plugin.js';

/**
 * The plugins a node can run, by name. Built-in plugins are registered by the process that starts
 * the gateway (core never imports `plugins/`); the registry issue adds versions fetched from NATS.
 */
export class PluginCatalog {
  private readonly byName = new Map<string, PluginDefinition>();

  constructor(definitions: readonly PluginDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  /** Adds a plugin; a second definition with the same name replaces the first. */
  register(definition: PluginDefinition): void {
    this.byName.set(definition.name, definition);
  }

  get(name: string): PluginDefinition | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
