import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway, StartupConfigError } from '../../../core/gateway/gateway.js';
import { defaultGatewayOptions, type GatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { InlineConfigSource, baseConfig } from '../../support/gateway-harness.js';
import { openSocket } from '../pipeline/gateway-calls.js';

/** Counts `close` so a test can see the node let go of its config source. */
class CountingSource extends InlineConfigSource {
  closed = 0;
  override async close(): Promise<void> {
    this.closed++;
  }
}

async function listening(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

describe('gateway start failures', () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function options(overrides: Partial<GatewayOptions>): Promise<GatewayOptions> {
    const logDir = await mkdtemp(join(tmpdir(), 'gantry-start-'));
    cleanups.push(() => rm(logDir, { recursive: true, force: true }));
    return { ...defaultGatewayOptions(new PluginCatalog(), new StaticSwitches()), processMetrics: false, logDir, ...overrides };
  }

  it('gateway start - a refused first config is a StartupConfigError naming the field, and the source is closed', async () => {
    const source = new CountingSource({ version: 1, groups: [{ name: 'g', default: 'yes' }] });
    const started = Gateway.start(source, await options({ httpPort: 0, adminPort: 0 }));
    await expect(started).rejects.toBeInstanceOf(StartupConfigError);
    await expect(started).rejects.toThrow('inline.yaml: groups[0](g).default: must be true or false');
    expect(source.closed).toBe(1);
  });

  it('gateway start - an admin port in use fails the start and closes the HTTP front it had opened', async () => {
    const busy = await listening();
    cleanups.push(() => new Promise((resolve) => busy.close(() => resolve())));
    const free = await listening();
    const httpPort = portOf(free);
    await new Promise<void>((resolve) => free.close(() => resolve()));

    const source = new CountingSource(baseConfig());
    await expect(Gateway.start(source, await options({ httpPort, adminPort: portOf(busy) }))).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(source.closed).toBe(1);
    await expect(openSocket(httpPort)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
