import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyOutcome } from '../../core/snapshot/snapshot-manager.js';
import type { ConfigSource, DeliverConfig } from '../../core/gateway/config-source.js';
import { Gateway } from '../../core/gateway/gateway.js';
import { defaultGatewayOptions, type GatewayOptions } from '../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import type { PluginDefinition } from '../../sdk/plugin/plugin.js';

/** A config source driven by the test: `push` offers a new document like a file change would. */
export class InlineConfigSource implements ConfigSource {
  readonly name = 'inline';
  private deliver: DeliverConfig | undefined;

  constructor(private readonly first: unknown) {}

  start(deliver: DeliverConfig): Promise<ApplyOutcome> {
    this.deliver = deliver;
    return deliver({ origin: 'inline.yaml', document: this.first });
  }

  push(document: unknown): Promise<ApplyOutcome> {
    if (this.deliver === undefined) throw new Error('source not started');
    return this.deliver({ origin: 'inline.yaml', document });
  }

  async close(): Promise<void> {}
}

export interface TestGateway {
  readonly gateway: Gateway;
  readonly source: InlineConfigSource;
  /** `http://127.0.0.1:<port>` of the HTTP front. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` of the admin port. */
  readonly adminUrl: string;
  /** Directory holding gantry-digest.log, gantry-error.log, gantry-config.log. */
  readonly logDir: string;
  stop(): Promise<void>;
}

/**
 * Starts a gateway on free ports from an inline config document (its `listen` ports are
 * overridden with 0). Logs go to a temp dir removed by `stop`.
 */
export async function startTestGateway(document: unknown, plugins: readonly PluginDefinition[] = [], options: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const logDir = mkdtempSync(join(tmpdir(), 'gantry-test-logs-'));
  const source = new InlineConfigSource(document);
  const gateway = await Gateway.start(source, {
    ...defaultGatewayOptions(new PluginCatalog(plugins), new StaticSwitches()),
    processMetrics: false,
    logDir,
    httpPort: 0,
    adminPort: 0,
    ...options,
  });
  return {
    gateway,
    source,
    url: `http://127.0.0.1:${gateway.httpPort}`,
    adminUrl: `http://127.0.0.1:${gateway.adminPort}`,
    logDir,
    async stop() {
      await gateway.drain();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid config: one default group `g` answering on any host, plus what the test adds. */
export function baseConfig(parts: { apis?: unknown[]; clusters?: unknown[]; bindings?: unknown[]; limits?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    version: 1,
    listen: { http: 0, admin: 0 },
    groups: [{ name: 'g', hosts: ['gateway.test'], default: true }],
    apis: parts.apis ?? [],
    clusters: parts.clusters ?? [],
    bindings: parts.bindings ?? [],
    ...(parts.limits ? { limits: parts.limits } : {}),
  };
}
