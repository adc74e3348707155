import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index.js';
import { baseConfig } from '../../support/gateway-harness.js';
import { startUpstreamGateway, type UpstreamGateway } from '../support/upstream-gateway.js';
import { closedPort } from '../../support/upstreams.js';
import { call } from './gateway-calls.js';

interface Echo {
  headers: Record<string, string | undefined>;
}

describe('built-in plugins in the pipeline', () => {
  let gw: UpstreamGateway;

  beforeAll(async () => {
    gw = await startUpstreamGateway(async (upstreamUrl) => baseConfig({
      apis: [
        {
          name: 'items', group: 'g', match: { path: '/items', type: 'prefix' }, backend: { protocol: 'http', cluster: 'up' },
          plugins: [{ name: 'header-rewrite', config: { request: { set: { 'x-demo': '1' } }, response: { set: { 'x-served-by': 'gantry' } } } }],
        },
        { name: 'down', group: 'g', match: { path: '/down', type: 'prefix' }, backend: { protocol: 'http', cluster: 'down' } },
      ],
      clusters: [
        { name: 'up', endpoints: [{ url: upstreamUrl }] },
        { name: 'down', endpoints: [{ url: `http://127.0.0.1:${await closedPort()}` }] },
      ],
      bindings: [{ plugin: 'request-id', scope: 'global', config: {} }],
    }), builtinPlugins);
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('built-in plugins - request-id and header-rewrite edit the proxied call both ways', async () => {
    const answer = await call(gw.url, '/items/1');
    expect(answer.status).toBe(200);
    const sent = answer.json<Echo>().headers;
    expect(sent['x-demo']).toBe('1');
    expect(sent['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.headers['x-served-by']).toBe('gantry');
    expect(answer.headers['x-request-id']).toBe(sent['x-request-id']);
  });

  it('built-in plugins - a valid client request id is kept and sent upstream', async () => {
    const answer = await call(gw.url, '/items/1', { headers: { 'x-request-id': 'client-chosen-id-1' } });
    expect(answer.json<Echo>().headers['x-request-id']).toBe('client-chosen-id-1');
    expect(answer.headers['x-request-id']).toBe('client-chosen-id-1');
  });

  it('built-in plugins - a gateway-made answer carries the trace id request-id chose, in body and header', async () => {
    const answer = await call(gw.url, '/down', { headers: { 'x-request-id': 'client-chosen-id-2' } });
    expect(answer.resultCode).toBe(4002);
    expect(answer.json<{ traceId: string }>().traceId).toBe('client-chosen-id-2');
    expect(answer.headers['x-request-id']).toBe('client-chosen-id-2');
  });
});
