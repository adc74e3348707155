/**
 * Starts a real gateway node on free ports with a given config source (as `gantry serve` would
 * with the NATS source), logs in a temp dir removed by `stop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigSource } from '../../../core/gateway/config-source.js';
import { Gateway } from '../../../core/gateway/gateway.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';

/** A running node. */
export interface NodeGateway {
  readonly gateway: Gateway;
  /** `http://127.0.0.1:<port>` of the HTTP front. */
  readonly url: string;
  /** GETs `path` and returns status and body text. */
  call(path: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/** Starts a node fed by `source`; resolves once its first config is applied and it listens. */
export async function startNodeGateway(source: ConfigSource): Promise<NodeGateway> {
  const logDir = mkdtempSync(join(tmpdir(), 'gantry-bus-node-'));
  const gateway = await Gateway.start(source, {
    ...defaultGatewayOptions(new PluginCatalog([]), new StaticSwitches()),
    processMetrics: false,
    logDir,
    httpPort: 0,
    adminPort: 0,
  });
  const url = `http://127.0.0.1:${gateway.httpPort}`;
  return {
    gateway,
    url,
    async call(path) {
      const response = await fetch(`${url}${path}`);
      return { status: response.status, body: await response.text() };
    },
    async stop() {
      await gateway.drain();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
