/**
 * `gantry serve --plugin DIR` as operators run it: the real CLI loading plugin folders from disk
 * (the example WASM plugin wasm-allow-deny, built into a temp folder, and a small TypeScript
 * plugin), one process and with --workers 2; and a bad folder refused with exit 2.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { builtWasm } from '../../plugins/support/built-wasm-plugin.js';
import { ensureBuilt, killCli, ROOT, runCli, startCli, type Running } from './cli-process.js';
import { openControlPlane } from './control-plane-fixture.js';

const TS_PLUGIN = `export default {
  name: 'local-stamp',
  version: '0.1.0',
  create(config) {
    return { onResponse(_exchange, response) { response.headers['x-local-stamp'] = config.value; } };
  },
};
`;

const TS_MANIFEST = {
  name: 'local-stamp',
  version: '0.1.0',
  kind: 'ts',
  priority: 1000,
  phases: ['response'],
  configSchema: { type: 'object', additionalProperties: false, properties: { value: { type: 'string', default: 'stamped' } } },
};

/** `/shop/...` guarded by wasm-allow-deny (denies /shop/admin), `/stamped` stamped by the TS plugin. */
const CONFIG = [
  'version: 1',
  'listen: { host: 127.0.0.1 }',
  'groups:',
  '  - { name: demo, hosts: [localhost, 127.0.0.1], default: true }',
  'apis:',
  '  - name: shop',
  '    group: demo',
  '    match: { path: /shop, type: prefix }',
  '    backend: { protocol: mock, body: shop }',
  '    plugins: [{ name: wasm-allow-deny, config: { denyPaths: [/shop/admin] } }]',
  '  - name: stamped',
  '    group: demo',
  '    match: { path: /stamped, type: exact }',
  '    backend: { protocol: mock, body: stamped }',
  '    plugins: [{ name: local-stamp, config: { value: from-disk } }]',
  '',
].join('\n');

describe('gantry serve --plugin', () => {
  let dir: string;
  let wasmDir: string;
  let tsDir: string;
  let config: string;
  const running: Running[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-local-plugins-'));
    wasmDir = join(dir, 'allow-deny');
    await mkdir(wasmDir);
    await cp(join(ROOT, 'plugins/wasm-allow-deny/gantry-plugin.json'), join(wasmDir, 'gantry-plugin.json'));
    await writeFile(join(wasmDir, 'plugin.wasm'), await builtWasm(join(ROOT, 'plugins/wasm-allow-deny')));
    tsDir = join(dir, 'stamp');
    await mkdir(tsDir);
    // manifest.json: the other name publish accepts.
    await writeFile(join(tsDir, 'manifest.json'), JSON.stringify(TS_MANIFEST));
    await writeFile(join(tsDir, 'plugin.js'), TS_PLUGIN);
    config = join(dir, 'gantry.yaml');
    await writeFile(config, CONFIG);
  }, 180_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => killCli(cli)));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(args: readonly string[], env: Record<string, string> = {}, workers = false): Promise<string> {
    const cli = startCli(['serve', '--config', config, '--http-port', '0', '--admin-port', '0', '--log-dir', join(dir, 'logs'), ...args], env);
    running.push(cli);
    const serving = workers ? /on http :(\d+), admin :\d+ with 2 workers/ : /on http :(\d+), admin :\d+/;
    const line = await pollUntil(() => serving.exec(cli.output.stdout) ?? undefined, `serving\n${cli.output.stdout}\n${cli.output.stderr}`, 30_000);
    return `http://127.0.0.1:${line[1] ?? ''}`;
  }

  async function expectPlugins(http: string): Promise<void> {
    const denied = await call(http, '/shop/admin/users', { headers: { connection: 'close' } });
    expect(denied.status).toBe(403);
    const allowed = await call(http, '/shop/items', { headers: { connection: 'close' } });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toBe('shop');
    const stamped = await call(http, '/stamped', { headers: { connection: 'close' } });
    expect(stamped.status).toBe(200);
    expect(stamped.headers['x-local-stamp']).toBe('from-disk');
  }

  it('local plugins - a WASM folder denies and allows, a TS folder stamps responses', async () => {
    const cli = running.length;
    const http = await serve(['--plugin', wasmDir, '--plugin', tsDir]);
    await expectPlugins(http);
    expect(running[cli]?.output.stdout).toContain(`local plugin wasm-allow-deny@1.0.0 (wasm) from ${wasmDir}`);
    expect(running[cli]?.output.stdout).toContain(`local plugin local-stamp@0.1.0 (ts) from ${tsDir}`);
  }, 60_000);

  it('local plugins - every worker of --workers 2 loads the folders of GANTRY_PLUGIN_DIRS', async () => {
    const http = await serve(['--workers', '2'], { GANTRY_PLUGIN_DIRS: `${wasmDir}:${tsDir}` }, true);
    // A new connection per call: the primary hands connections to the workers in turn.
    for (let i = 0; i < 3; i += 1) await expectPlugins(http);
  }, 60_000);

  it('local plugins - a config binding a plugin without its folder is refused', async () => {
    const result = await runCli(['serve', '--config', config, '--http-port', '0', '--admin-port', '0', '--log-dir', '-', '--plugin', wasmDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('local-stamp');
  }, 30_000);

  it('local plugins - a --nats node binds local plugins from the bucket\'s config', async () => {
    const plane = await openControlPlane();
    try {
      // apply knows built-ins and the registry only: a local-only plugin needs the check skipped.
      const applied = await runCli(['apply', '-f', config, '--skip-plugin-check'], { ...plane.env, USER: 'ops' });
      expect(applied.code, applied.stderr).toBe(0);
      const cli = startCli(['serve', '--node-id', 'local', '--data-dir', join(dir, 'nats-data'), '--plugin-bucket', `${plane.bucket}-plugins`,
        '--http-port', '0', '--admin-port', '0', '--log-dir', join(dir, 'nats-logs'), '--plugin', `${wasmDir},${tsDir}`], plane.env);
      running.push(cli);
      const line = await pollUntil(() => /serving revision \d+ from \S+ on http :(\d+)/.exec(cli.output.stdout) ?? undefined, `serving\n${cli.output.stdout}\n${cli.output.stderr}`, 30_000);
      await expectPlugins(`http://127.0.0.1:${line[1] ?? ''}`);
    } finally {
      await Promise.all(running.splice(0).map((cli) => killCli(cli)));
      await plane.cleanup();
    }
  }, 60_000);

  it('local plugins - a bad folder exits 2 naming it and the problem', async () => {
    const unbuilt = join(dir, 'unbuilt');
    await cp(join(ROOT, 'plugins/wasm-allow-deny'), unbuilt, { recursive: true, filter: (src) => !src.endsWith('.wasm') });
    const missing = await runCli(['serve', '--config', config, '--plugin', `${tsDir},${unbuilt}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--plugin ${unbuilt}: plugin.wasm is missing: build it first with "gantry plugin build ${unbuilt}"`);

    const absent = join(dir, 'nowhere');
    const none = await runCli(['serve', '--config', config, '--plugin', absent]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`--plugin ${absent}: no such directory`);

    const builtin = join(dir, 'builtin');
    await mkdir(builtin);
    await writeFile(join(builtin, 'gantry-plugin.json'), JSON.stringify({ ...TS_MANIFEST, name: 'request-id', version: '9.0.0' }));
    await writeFile(join(builtin, 'plugin.js'), TS_PLUGIN);
    const mismatch = await runCli(['serve', '--config', config, '--plugin', builtin]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(`--plugin ${builtin}: plugin.js: request-id@9.0.0: the module declares local-stamp@0.1.0`);
    await writeFile(join(builtin, 'plugin.js'), TS_PLUGIN.replace("'local-stamp'", "'request-id'").replace("'0.1.0'", "'9.0.0'"));
    const clash = await runCli(['serve', '--config', config, '--plugin', builtin]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain(`--plugin ${builtin}: plugin request-id is built into gantry`);
  }, 60_000);
});
