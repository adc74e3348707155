/**
 * The setup of suites that drive one gateway proxying to one echo upstream: the upstream starts
 * first (the config needs its URL), the gateway on free ports, and one `stop` ends both.
 */
import type { PluginDefinition } from '../../../sdk/plugin/plugin.js';
import { startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';

/** A test gateway with the upstream it proxies to; `stop` stops the gateway, then the upstream. */
export interface UpstreamGateway extends TestGateway {
  readonly upstream: TestUpstream;
}

/**
 * Starts an echo upstream, then a gateway on `document(upstream.url)` with `plugins`. If the gateway
 * does not start, the upstream is closed before the error is rethrown.
 */
export async function startUpstreamGateway(
  document: (upstreamUrl: string) => unknown | Promise<unknown>,
  plugins: readonly PluginDefinition[] = [],
): Promise<UpstreamGateway> {
  const upstream = await startHttpUpstream();
  let gw: TestGateway;
  try {
    gw = await startTestGateway(await document(upstream.url), plugins);
  } catch (error) {
    await upstream.close();
    throw error;
  }
  return {
    ...gw,
    upstream,
    async stop() {
      await gw.stop();
      await upstream.close();
    },
  };
}

/**
 * The APIs the admin and bad-input suites serve: `items` (prefix `/items`) proxied to cluster `up`
 * on `upstreamUrl`, and `ping` (exact `/ping`) answered by a mock with `pong`.
 */
export function itemsAndPing(upstreamUrl: string): { apis: unknown[]; clusters: unknown[] } {
  return {
    apis: [
      { name: 'items', group: 'g', match: { path: '/items', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' } },
      { name: 'ping', group: 'g', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body: 'pong' } },
    ],
    clusters: [{ name: 'up', endpoints: [{ url: upstreamUrl }] }],
  };
}
