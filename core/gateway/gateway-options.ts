import type { LogLevel } from '../observe/log-level.js';
import type { PluginCatalog } from '../snapshot/plugin-catalog.js';
import type { SwitchSource } from './switch-source.js';

/** Everything a gateway node needs besides its config source. */
export interface GatewayOptions {
  /** Node identity for the digest log and node status. */
  nodeId: string;
  /** Directory for the digest, error and config logs; null writes them to stdout. */
  logDir: string | null;
  logLevel: LogLevel;
  /** Plugins this node can run. */
  catalog: PluginCatalog;
  switches: SwitchSource;
  /** Overrides `listen.http` of the config (the `--http-port` flag). */
  httpPort: number | undefined;
  /** Overrides `listen.admin` of the config (the `--admin-port` flag). */
  adminPort: number | undefined;
  /** Register prom-client's process and Node.js metrics (off in tests that run many gateways). */
  processMetrics: boolean;
}

export function defaultGatewayOptions(catalog: PluginCatalog, switches: SwitchSource): GatewayOptions {
  return {
    nodeId: 'gantry-1',
    logDir: null,
    logLevel: 'info',
    catalog,
    switches,
    httpPort: undefined,
    adminPort: undefined,
    processMetrics: true,
  };
}
