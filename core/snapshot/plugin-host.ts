import type { PluginLogger, SwitchReader } from '../../sdk/plugin/plugin.js';

/** What the node lends to plugin instances: a log per plugin and read access to switches. */
export interface PluginHost {
  loggerFor(pluginName: string): PluginLogger;
  readonly switches: SwitchReader;
}
