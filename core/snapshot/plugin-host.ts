import type { PluginLogger, SwitchReader } from '../../sdk/plugin/plugin.js';
import type { PluginMeter } from '../pipeline/filter-chain.js';

/** What the node lends to plugin instances: a log per plugin and read access to switches. */
export interface PluginHost {
  loggerFor(pluginName: string): PluginLogger;
  readonly switches: SwitchReader;
  /** The metrics meter timing this plugin's hooks; without it hooks run untimed. */
  meterFor?(pluginName: string): PluginMeter;
}
