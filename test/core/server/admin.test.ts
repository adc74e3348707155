import { readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig } from '../../support/gateway-harness.js';
import { itemsAndPing, startUpstreamGateway, type UpstreamGateway } from '../support/upstream-gateway.js';
import { call, metricValue, pollUntil } from '../pipeline/gateway-calls.js';

describe('admin port', () => {
  let gw: UpstreamGateway;

  beforeAll(async () => {
    gw = await startUpstreamGateway((upstreamUrl) => baseConfig(itemsAndPing(upstreamUrl)));
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('admin - /healthz says UP with the node id', async () => {
    const answer = await call(gw.adminUrl, '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ status: 'UP', nodeId: 'gantry-1' });
  });

  it('admin - /readyz is 200 once a config is applied', async () => {
    const answer = await call(gw.adminUrl, '/readyz');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ ready: true, reason: 'serving', revision: 1 });
  });

  it('admin - /gantry/config shows revision, hash and the config with defaults', async () => {
    const answer = await call(gw.adminUrl, '/gantry/config');
    expect(answer.status).toBe(200);
    const body = answer.json<{ revision: number; hash: string; appliedAt: string; config: { apis: unknown[]; limits: { bodyBytes: number } } }>();
    expect(body.revision).toBe(1);
    expect(body.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(body.appliedAt))).toBe(false);
    expect(body.config.apis).toHaveLength(2);
    expect(body.config.limits.bodyBytes).toBe(10 * 1024 * 1024);
  });

  it('admin - config query for an API by group|name', async () => {
    const answer = await call(gw.adminUrl, '/gantry/config/query?type=api&name=g%7Citems');
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({
      id: 'g|items',
      revision: 1,
      backendProtocol: 'Http',
      config: { name: 'items', match: { path: '/items', type: 'prefix' } },
      plugins: [],
      phases: { request: [], response: [], error: [] },
    });
    const raw = await call(gw.adminUrl, '/gantry/config/query?type=api&name=g|ping');
    expect(raw.json()).toMatchObject({ id: 'g|ping', backendProtocol: 'Mock' });
  });

  it('admin - config query for a group lists its APIs', async () => {
    const answer = await call(gw.adminUrl, '/gantry/config/query?type=group&name=g');
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({
      revision: 1,
      config: { name: 'g', hosts: ['gateway.test'], default: true },
      apis: [{ name: 'items', match: { path: '/items', type: 'prefix' } }, { name: 'ping', match: { path: '/ping', type: 'exact' } }],
    });
  });

  it('admin - config query for a cluster shows endpoints and breaker state', async () => {
    const answer = await call(gw.adminUrl, '/gantry/config/query?type=cluster&name=up');
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({
      revision: 1,
      config: { name: 'up' },
      endpoints: [{ url: gw.upstream.url, address: `127.0.0.1:${gw.upstream.port}`, weight: 1, breaker: 'closed' }],
    });
  });

  it('admin - config query without type or name, or with a bad type, is 400', async () => {
    for (const query of ['', '?type=api', '?name=x', '?type=route&name=x', '?type=api&name=']) {
      const answer = await call(gw.adminUrl, `/gantry/config/query${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json<{ error: string }>().error).toContain('type=api|group|cluster');
    }
  });

  it('admin - config query for an unknown name is 404', async () => {
    for (const query of ['type=api&name=g|nope', 'type=api&name=items', 'type=group&name=nope', 'type=cluster&name=nope']) {
      const answer = await call(gw.adminUrl, `/gantry/config/query?${query}`);
      expect(answer.status, query).toBe(404);
      expect(answer.json<{ error: string }>().error).toContain('revision 1');
    }
  });

  it('admin - /metrics reports calls, durations, in-flight, breakers and config', async () => {
    await call(gw.url, '/items/1');
    await call(gw.url, '/items/2');
    await call(gw.url, '/ping');
    await call(gw.url, '/nowhere');
    const answer = await call(gw.adminUrl, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    const text = answer.text;
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: 'items', code: '1000', status: '200' })).toBe(2);
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: 'ping', code: '1100', status: '200' })).toBe(1);
    expect(metricValue(text, 'gantry_http_requests_total', { group: 'g', api: '-', code: '3000', status: '400' })).toBe(1);
    expect(metricValue(text, 'gantry_http_request_duration_seconds_count', { group: 'g', api: 'items' })).toBe(2);
    expect(metricValue(text, 'gantry_http_request_duration_seconds_bucket', { group: 'g', api: 'items', le: '+Inf' })).toBe(2);
    expect(metricValue(text, 'gantry_upstream_duration_seconds_count', { group: 'g', api: 'items' })).toBe(2);
    expect(metricValue(text, 'gantry_http_requests_in_flight')).toBe(0);
    expect(metricValue(text, 'gantry_upstream_breaker_state', { cluster: 'up', endpoint: `127.0.0.1:${gw.upstream.port}` })).toBe(0);
    expect(metricValue(text, 'gantry_config_revision')).toBe(1);
    expect(metricValue(text, 'gantry_config_apply_duration_seconds_count')).toBe(1);
    expect(metricValue(text, 'gantry_config_applies_total', { outcome: 'applied' })).toBe(1);
    expect(metricValue(text, 'gantry_config_applies_total', { outcome: 'refused' })).toBe(0);
  });

  it('admin - set-log-level changes the error log level, and refuses an unknown level', async () => {
    expect(gw.gateway.logs.level).toBe('info');
    const changed = await call(gw.adminUrl, '/gantry/tool/set-log-level?level=DEBUG', { method: 'POST' });
    expect(changed.status).toBe(200);
    expect(changed.json()).toEqual({ level: 'debug' });
    expect(gw.gateway.logs.level).toBe('debug');
    // At debug, client faults (3xxx) reach the error log.
    await call(gw.url, '/debug-miss');
    const line = await pollUntil(async () => {
      await gw.gateway.logs.flushAll();
      const text = await readFile(join(gw.logDir, 'gantry-error.log'), 'utf8').catch(() => '');
      return text.split('\n').find((l) => l.includes('/debug-miss'));
    }, 'debug line in the error log');
    expect(line).toContain('[DEBUG]');
    expect(line).toContain('3000 RouterNotFound');
    const refused = await call(gw.adminUrl, '/gantry/tool/set-log-level?level=loud');
    expect(refused.status).toBe(400);
    expect(gw.gateway.logs.level).toBe('debug');
    expect((await call(gw.adminUrl, '/gantry/tool/set-log-level?level=info')).status).toBe(200);
    expect(gw.gateway.logs.level).toBe('info');
  });

  it('admin - logs reopen starts a new digest file after rotation', async () => {
    const digest = join(gw.logDir, 'gantry-digest.log');
    await call(gw.url, '/ping?before-rotation');
    await pollUntil(async () => {
      await gw.gateway.logs.flushAll();
      return (await stat(digest).catch(() => undefined))?.size ? true : undefined;
    }, 'digest log written');
    await rename(digest, `${digest}.1`);
    const answer = await call(gw.adminUrl, '/gantry/logs/reopen', { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ reopened: true });
    await call(gw.url, '/ping?after-rotation');
    const text = await pollUntil(async () => {
      await gw.gateway.logs.flushAll();
      const current = await readFile(digest, 'utf8').catch(() => '');
      return current.includes(',/ping,') ? current : undefined;
    }, 'new digest file');
    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(await readFile(`${digest}.1`, 'utf8')).toContain(',/ping,');
  });
});
