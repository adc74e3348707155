import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { badPluginConfig, demoConfig } from './cli-configs.js';
import { ensureBuilt, freePort, runCli } from './cli-process.js';
import { openControlPlane, type ControlPlane } from './control-plane-fixture.js';

describe('gantry control plane verbs', () => {
  let dir: string;
  let plane: ControlPlane;
  const gantry = (...args: string[]) => runCli(args, { ...plane.env, USER: 'alice' });

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-cp-'));
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    plane = await openControlPlane();
  });
  afterEach(async () => {
    await plane.cleanup();
  });

  async function file(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('control plane - apply, get, delete, history and rollback round trip through the binary', async () => {
    const first = await gantry('apply', '-f', await file('first.yaml', demoConfig('one')), '--reason', 'first');
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('against nothing committed yet:\n+ api.demo.echo\n+ api.demo.ping\n+ cluster.echo\n+ group.demo\n+ settings.version\n');
    const firstRevision = Number(/revision (\d+) committed \(apply/.exec(first.stdout)?.[1]);
    expect(firstRevision).toBeGreaterThan(0);

    const table = await gantry('get', 'apis');
    expect(table.code, table.stdout + table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^API\s+MATCH\s+METHODS\s+BACKEND\s+PLUGINS$/);
    expect(table.stdout).toMatch(/demo\/ping\s+exact \/ping\s+\*\s+mock 200\s+request-id/);
    const ping = await gantry('get', 'api', 'demo/ping', '-o', 'json');
    expect(JSON.parse(ping.stdout)).toEqual({
      name: 'ping', group: 'demo', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body: 'one' }, plugins: [{ name: 'request-id' }],
    });
    expect(parseYaml((await gantry('get', 'clusters', '-o', 'yaml')).stdout)).toEqual([{ name: 'echo', endpoints: [{ url: 'http://127.0.0.1:9' }] }]);

    const refused = await gantry('delete', 'cluster', 'echo');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toBe('gantry delete: cluster "echo" is still used by apis demo/echo: change or delete them first\n');

    const deleted = await gantry('delete', 'api', 'demo/echo', '--reason', 'retired');
    expect(deleted.code, deleted.stdout + deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('- api.demo.echo\n0 added, 0 changed, 1 removed');
    const afterDelete = JSON.parse((await gantry('get', 'apis', '-o', 'json')).stdout) as { name: string }[];
    expect(afterDelete.map((api) => api.name)).toEqual(['ping']);

    const rollback = await gantry('rollback', '--to', String(firstRevision), '--reason', 'undo');
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain('+ api.demo.echo');
    const restored = JSON.parse((await gantry('get', 'apis', '-o', 'json')).stdout) as { name: string }[];
    expect(restored.map((api) => api.name)).toEqual(['echo', 'ping']);

    const history = JSON.parse((await gantry('history', '-o', 'json')).stdout) as Record<string, unknown>[];
    expect(history.map((h) => [h.kind, h.actor, h.reason, h.changedCount])).toEqual([
      ['rollback', 'alice', 'undo', 1],
      ['delete', 'alice', 'retired', 1],
      ['apply', 'alice', 'first', 5],
    ]);
    expect(history[2]?.revision).toBe(firstRevision);
    const limited = await gantry('history', '--limit', '1');
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(limited.stdout).toMatch(/^REVISION\s+TIME\s+ACTOR\s+HOST\s+KIND\s+CHANGED\s+REASON\n\d+\s+\S+\s+alice\s+\S+\s+rollback\s+1\s+undo\n$/);

    const events = (await gantry('audit', 'tail', '--since', '1h', '-o', 'json')).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => [e.kind, e.actor, e.key])).toEqual([
      ['config.apply', 'alice', plane.bucket],
      ['config.delete', 'alice', 'api.demo.echo'],
      ['config.rollback', 'alice', plane.bucket],
    ]);
    expect(events[1]?.old).toMatchObject({ revision: firstRevision, entries: { 'api.demo.echo': { name: 'echo' } } });
    expect(events[2]?.new).toMatchObject({ from: history[1]?.revision, to: firstRevision, added: ['api.demo.echo'] });
  }, 60_000);

  it('control plane - diff and apply --dry-run show added, changed and removed keys and write nothing', async () => {
    expect((await gantry('apply', '-f', await file('base.yaml', demoConfig('one')))).code).toBe(0);
    const next = demoConfig('two').replace(/ {2}- name: echo[\s\S]*$/, '');
    const path = await file('next.yaml', next);
    const diff = await gantry('diff', '-f', path, '-o', 'json');
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ added: [], changed: ['api.demo.ping'], removed: ['api.demo.echo', 'cluster.echo'] });
    const dry = await gantry('apply', '-f', path, '--dry-run');
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/~ api\.demo\.ping\n- api\.demo\.echo\n- cluster\.echo\n0 added, 1 changed, 2 removed\ndry run: nothing written\n$/);
    const history = JSON.parse((await gantry('history', '-o', 'json')).stdout) as unknown[];
    expect(history).toHaveLength(1);
    const same = await gantry('apply', '-f', await file('same.yaml', demoConfig('one')));
    expect(same.stdout).toContain('no difference');
    expect(same.stdout).toContain('no change: revision');
  }, 60_000);

  it('control plane - a plugin config error is refused before anything is written', async () => {
    const result = await gantry('apply', '-f', await file('bad.yaml', badPluginConfig('x')));
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain('bad.yaml: apis[0](ping).plugins[0](header-rewrite).config.request.set["bad name"]: ');
    const get = await gantry('get', 'apis');
    expect(get.code, get.stdout + get.stderr).toBe(1);
    expect(get.stderr).toBe(`gantry get: config bucket "${plane.bucket}" does not exist: nothing was ever applied there (gantry apply -f FILE creates it)\n`);
  }, 60_000);

  it('control plane - a missing object is named with the ones there are', async () => {
    expect((await gantry('apply', '-f', await file('base.yaml', demoConfig('one')))).code).toBe(0);
    const result = await gantry('get', 'apis', 'demo/nope');
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^gantry get: no api "demo\/nope" in revision \d+ \(apis: demo\/echo, demo\/ping\)\n$/);
    const rollback = await gantry('rollback', '--to', '1');
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(1);
    expect(rollback.stderr).toContain('revision 1 is not a commit');
  }, 60_000);

  it('control plane - wrong command lines exit 2 and name the problem', async () => {
    const cases: [string[], string][] = [
      [['apply'], 'apply needs -f FILE'],
      [['apply', '-f', 'x.yaml', '--timeout', '5s'], '--timeout only applies with --wait'],
      [['get', 'widgets'], 'cannot get "widgets"'],
      [['get', 'apis', '-o', 'xml'], '-o must be one of table, json, yaml, got "xml"'],
      [['delete', 'api'], 'delete needs a kind and a name'],
      [['history', '--limit', '0'], '--limit must be a positive integer'],
      [['node', 'cmd', 'n1', 'set-log-level', 'loud'], 'set-log-level needs a level: debug, info, warn, error, got "loud"'],
      [['node', 'cmd', 'bad.id', 'status'], 'node id "bad.id" must be'],
      [['audit', 'tail', '--since', 'yesterday'], '--since must be a duration'],
      [['nodes', '--nats-creds', 'x.creds', '--nats-user', 'u'], '--nats-creds and --nats-user are exclusive'],
      [['serve', '--config', 'x.yaml', '--nats', 'nats://127.0.0.1:4222'], '--config and --nats are exclusive'],
    ];
    for (const [args, message] of cases) {
      const result = await gantry(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
    }
  }, 60_000);

  it('control plane - an unreachable NATS exits 1 naming the server', async () => {
    const port = await freePort();
    const result = await gantry('get', 'apis', '--nats', `nats://127.0.0.1:${port}`);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^gantry get: cannot reach NATS at nats://127\\.0\\.0\\.1:${port}: `));
  }, 60_000);
});
