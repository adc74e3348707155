import type { LogLevel } from '../observe/log-level.js';
import type { AdminToken } from '../server/admin-auth.js';
import type { AdminAuditEvent, AdminWriteBackend } from '../server/admin-write-routes.js';
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
  /**
   * Bearer tokens of the admin port (`--admin-tokens FILE`). With none, read endpoints stay open
   * and the config and switch writes are disabled.
   */
  adminTokens: readonly AdminToken[];
  /** Where the admin port's config and switch writes go (the control plane); undefined answers them 503. */
  adminWrites: AdminWriteBackend | undefined;
  /** Told of every attempted admin write, allowed or refused; the node publishes it to the audit stream. */
  onAdminAudit: (event: AdminAuditEvent) => void;
  /** Where the `OTEL_*` tracing variables are read (they win over the config's `tracing` section); `process.env` by default. */
  tracingEnv: Readonly<Record<string, string | undefined>>;
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
    adminTokens: [],
    adminWrites: undefined,
    onAdminAudit: () => undefined,
    tracingEnv: process.env,
  };
}
