import type { PluginLogger } from '../../sdk/plugin/plugin.js';
import type { GatewayLogs } from '../observe/gateway-logs.js';
import type { PluginHost } from '../snapshot/plugin-host.js';
import type { SwitchSource } from './switch-source.js';

/** Plugin log lines go to the error log, tagged `[plugin:<name>]`. */
export function pluginHostFor(logs: GatewayLogs, switches: SwitchSource): PluginHost {
  return {
    switches,
    loggerFor(pluginName: string): PluginLogger {
      const component = `plugin:${pluginName}`;
      return {
        debug: (message) => logs.error.debug(undefined, component, 'log', message),
        info: (message) => logs.error.info(undefined, component, 'log', message),
        warn: (message) => logs.error.warn(undefined, component, 'log', message),
        error: (message) => logs.error.error(undefined, component, 'log', message),
      };
    },
  };
}
