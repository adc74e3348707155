import type { ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileConfigSource } from '../../../core/gateway/file-config-source.js';
import { Gateway } from '../../../core/gateway/gateway.js';
import { defaultGatewayOptions } from '../../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../../core/gateway/switch-source.js';
import { PluginCatalog } from '../../../core/snapshot/plugin-catalog.js';
import { baseConfig, startTestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream } from '../../support/upstreams.js';
import { call, metricValue, pollUntil } from '../pipeline/gateway-calls.js';

/** A config file with one mock API per name; each answers with its own name. */
function yamlWithApis(...names: string[]): string {
  const apis = names.map((name) => [
    `  - name: ${name}`,
    '    group: g',
    `    match: { path: /${name}, type: exact }`,
    `    backend: { protocol: mock, body: ${name} }`,
  ].join('\n'));
  return ['version: 1', 'groups:', '  - { name: g, hosts: [gateway.test], default: true }', 'apis:', ...apis, ''].join('\n');
}

describe('hot reload from a config file', () => {
  let dir: string;
  let logDir: string;
  let file: string;
  let gateway: Gateway;
  let url: string;
  let adminUrl: string;

  async function logText(name: string): Promise<string> {
    await gateway.logs.flushAll();
    return readFile(join(logDir, name), 'utf8').catch(() => '');
  }

  /** Waits until the config log has a line containing `text`, and returns that line. */
  function configLogLine(text: string): Promise<string> {
    return pollUntil(async () => (await logText('gantry-config.log')).split('\n').find((l) => l.includes(text)), `config log line "${text}"`);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-reload-'));
    logDir = join(dir, 'logs');
    file = join(dir, 'gantry.yaml');
    await writeFile(file, yamlWithApis('first'));
    gateway = await Gateway.start(new FileConfigSource(file), {
      ...defaultGatewayOptions(new PluginCatalog(), new StaticSwitches()),
      processMetrics: false,
      logDir,
      httpPort: 0,
      adminPort: 0,
    });
    url = `http://127.0.0.1:${gateway.httpPort}`;
    adminUrl = `http://127.0.0.1:${gateway.adminPort}`;
  });

  afterAll(async () => {
    await gateway.drain();
    await rm(dir, { recursive: true, force: true });
  });

  it('hot reload - the file config serves at start', async () => {
    expect((await call(url, '/first')).text).toBe('first');
    expect(await configLogLine('applied revision 1')).toContain('[file][snapshot] applied revision 1 hash=');
  });

  it('hot reload - a rewritten file is applied and its new API served', async () => {
    await writeFile(file, yamlWithApis('first', 'second'));
    const answer = await pollUntil(async () => {
      const got = await call(url, '/second');
      return got.status === 200 ? got : undefined;
    }, 'the new API');
    expect(answer.text).toBe('second');
    expect(gateway.snapshots.current.revision).toBe(2);
    expect(await configLogLine('applied revision 2')).toContain('from gantry.yaml');
  });

  it('hot reload - an invalid file is refused, logged with file, field and reason, and the old config serves', async () => {
    await writeFile(file, yamlWithApis('first', 'second', 'third').replace('path: /third, type: exact', 'path: /third, type: fuzzy'));
    const line = await configLogLine('refused');
    expect(line).toContain('[file][snapshot] refused gantry.yaml: apis[2](third).match.type: must be one of exact, prefix; keeping revision 2');
    const errorLine = await pollUntil(async () => (await logText('gantry-error.log')).split('\n').find((l) => l.includes('refused')), 'error log line');
    expect(errorLine).toContain('[ERROR]');
    expect(errorLine).toContain('gantry.yaml: apis[2](third).match.type: must be one of exact, prefix');
    const metrics = (await call(adminUrl, '/metrics')).text;
    expect(metricValue(metrics, 'gantry_config_applies_total', { outcome: 'refused' })).toBe(1);
    expect(metricValue(metrics, 'gantry_config_revision')).toBe(2);
    expect((await call(url, '/second')).text).toBe('second');
    expect((await call(url, '/third')).resultCode).toBe(3000);
  });

  it('hot reload - a YAML syntax error is refused the same way', async () => {
    await writeFile(file, 'version: 1\ngroups: [ { name: g\napis:\n');
    const line = await configLogLine('YAML syntax error');
    expect(line).toMatch(/refused gantry\.yaml: YAML syntax error at line \d+, column \d+: .*; keeping revision 2/);
    const metrics = (await call(adminUrl, '/metrics')).text;
    expect(metricValue(metrics, 'gantry_config_applies_total', { outcome: 'refused' })).toBe(2);
    expect((await call(url, '/first')).text).toBe('first');
    expect(gateway.snapshots.current.revision).toBe(2);
  });

  it('hot reload - the fixed file is applied with the next revision', async () => {
    await writeFile(file, yamlWithApis('first', 'second', 'third'));
    const answer = await pollUntil(async () => {
      const got = await call(url, '/third');
      return got.status === 200 ? got : undefined;
    }, 'the fixed config');
    expect(answer.text).toBe('third');
    expect(gateway.snapshots.current.revision).toBe(3);
    await configLogLine('applied revision 3');
    const metrics = (await call(adminUrl, '/metrics')).text;
    expect(metricValue(metrics, 'gantry_config_revision')).toBe(3);
    expect(metricValue(metrics, 'gantry_config_applies_total', { outcome: 'applied' })).toBe(3);
  });
});

describe('snapshot swap under load', () => {
  it('hot reload - calls in flight finish on the old snapshot while new calls use the new one', async () => {
    const CALLS = 200;
    const held: ServerResponse[] = [];
    const oldUpstream = await startHttpUpstream((_request, response) => { held.push(response); });
    const newUpstream = await startHttpUpstream((_request, response) => { response.end('new'); });
    const configFor = (cluster: string): Record<string, unknown> => baseConfig({
      apis: [{ name: 'work', group: 'g', match: { path: '/work', type: 'prefix' }, backend: { protocol: 'http', cluster, timeoutMs: 60_000 } }],
      clusters: [
        { name: 'old', endpoints: [{ url: oldUpstream.url }], pool: { connections: CALLS + 10 } },
        { name: 'new', endpoints: [{ url: newUpstream.url }] },
      ],
    });
    const gw = await startTestGateway(configFor('old'));
    try {
      const calls = Array.from({ length: CALLS }, (_, i) => call(gw.url, `/work/${i}`));
      await pollUntil(() => (held.length === CALLS ? true : undefined), `${CALLS} calls at the old upstream`, 15_000);

      const outcome = await gw.source.push(configFor('new'));
      expect(outcome).toMatchObject({ kind: 'applied', revision: 2 });
      const fresh = await call(gw.url, '/work/fresh');
      expect(fresh.status).toBe(200);
      expect(fresh.text).toBe('new');

      for (const response of held) response.end('old');
      const answers = await Promise.all(calls);
      expect(answers.filter((a) => a.status === 200 && a.text === 'old')).toHaveLength(CALLS);
      expect(newUpstream.received.map((r) => r.url)).toEqual(['/work/fresh']);
    } finally {
      await gw.stop();
      await oldUpstream.close();
      await newUpstream.close();
    }
  });
});
