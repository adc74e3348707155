import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { badPluginConfig, badPluginDocument, demoConfig } from './cli-configs.js';
import { ensureBuilt, freePort, killCli, runCli, startCli, type Running } from './cli-process.js';
import { openControlPlane, type ControlPlane } from './control-plane-fixture.js';

/** A `gantry serve --nats` child process and the HTTP port it serves on. */
interface ServedNode {
  readonly id: string;
  readonly cli: Running;
  readonly url: string;
}

describe('gantry fleet on NATS', () => {
  let dir: string;
  let plane: ControlPlane;
  const nodes: ServedNode[] = [];
  const gantry = (...args: string[]) => runCli(args, { ...plane.env, USER: 'bob' });

  async function file(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  async function startNode(id: string, env: Record<string, string>, extra: string[] = []): Promise<ServedNode> {
    const port = await freePort();
    const cli = startCli(['serve', '--node-id', id, '--data-dir', join(dir, id), '--http-port', String(port), '--admin-port', '0', '--log-dir', join(dir, `${id}-logs`), ...extra], env);
    const node = { id, cli, url: `http://127.0.0.1:${port}` };
    nodes.push(node);
    await pollUntil(() => (/serving revision/.test(cli.output.stdout) ? true : cli.child.exitCode !== null ? true : undefined), `${id} serving`, 15_000);
    expect(cli.output.stdout, cli.output.stderr).toMatch(/serving revision \d+/);
    return node;
  }

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-fleet-'));
    plane = await openControlPlane();
    expect((await gantry('apply', '-f', await file('start.yaml', demoConfig('start')))).code).toBe(0);
    await Promise.all(['n1', 'n2'].map((id) => startNode(id, plane.env, ['--nats', plane.env.GANTRY_NATS ?? ''])));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(nodes.map((node) => killCli(node.cli)));
    await plane.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const [n1, n2] = [() => nodes[0] as ServedNode, () => nodes[1] as ServedNode];

  it('fleet - apply --wait reports the revision applied on 2/2 nodes, and both serve it', async () => {
    const result = await gantry('apply', '-f', await file('v2.yaml', demoConfig('v2')), '--wait', '--timeout', '10s');
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const revision = /revision (\d+) committed/.exec(result.stdout)?.[1];
    expect(result.stdout).toMatch(new RegExp(`rev ${revision} applied on 2/2 nodes in \\d+ ms\\n$`));
    for (const node of [n1(), n2()]) expect((await call(node.url, '/ping')).text).toBe('v2');
  }, 60_000);

  it('fleet - a change the nodes refuse is named by apply --wait (exit 1) while the old config keeps serving', async () => {
    expect((await gantry('apply', '-f', await file('good.yaml', demoConfig('good')), '--wait')).code).toBe(0);
    // A CLI without the plugin check writes what every node refuses.
    const result = await gantry('apply', '-f', await file('bad.yaml', badPluginConfig('bad')), '--skip-plugin-check', '--wait', '--timeout', '10s');
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const revision = /revision (\d+) committed/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(`rev ${revision} applied on 0/2 nodes`);
    expect(result.stdout).toMatch(/refused by 2 node\(s\)[^\n]*\n {2}n1 \(serving rev \d+\): apis\[0\]\(ping\)\.plugins\[0\]\(header-rewrite\)\.config\.request\.set\["bad name"\]: [^\n]+\n {2}n2 /);
    for (const node of [n1(), n2()]) expect((await call(node.url, '/ping')).text).toBe('good');
  }, 60_000);

  it('fleet - a change written straight to the bucket and refused shows in gantry nodes and the audit trail', async () => {
    const written = await writeChangeSet(await plane.kv(), badPluginDocument('direct'), { actor: 'script', reason: 'bypass', kind: 'apply' });
    const refusedBoth = await pollUntil(async () => {
      const listed = JSON.parse((await gantry('nodes', '-o', 'json')).stdout) as { id: string; refused?: { revision?: number; reason: string } }[];
      return listed.filter((n) => n.refused?.revision === written.revision).length === 2 ? listed : undefined;
    }, 'both nodes refusing', 10_000);
    expect(refusedBoth.map((n) => n.refused?.reason)).toEqual([expect.stringContaining('bad name'), expect.stringContaining('bad name')]);
    const table = await gantry('nodes');
    expect(table.stdout).toMatch(new RegExp(`n1 refused rev ${written.revision} at \\S+: apis\\[0\\]\\(ping\\)`));
    const refusals = await pollUntil(async () => {
      const events = (await plane.auditEvents()).filter((e) => e.kind === 'config.refused' && e.revision === written.revision);
      return events.length === 2 ? events : undefined;
    }, 'two config.refused events', 10_000);
    expect(refusals.map((e) => [e.node, e.actor]).sort()).toEqual([['n1', 'node:n1'], ['n2', 'node:n2']]);
    expect(refusals[0]?.reason).toContain('plugins[0](header-rewrite).config.request.set["bad name"]');
    expect((await call(n1().url, '/ping')).status).toBe(200);
  }, 60_000);

  it('fleet - gantry nodes lists both nodes with revision, state and plugins', async () => {
    const listed = JSON.parse((await gantry('nodes', '-o', 'json')).stdout) as { id: string; state: string; appliedRevision: number | null; plugins: { name: string }[] }[];
    expect(listed.map((n) => n.id)).toEqual(['n1', 'n2']);
    for (const node of listed) {
      expect(node.state).toBe('serving');
      expect(node.appliedRevision).toBeGreaterThan(0);
      expect(node.plugins).toEqual([{ name: 'request-id', version: '1.0.0' }]);
    }
    const table = await gantry('nodes');
    expect(table.code, table.stdout + table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+REVISION\s+STATE\s+AGE\s+VERSION\s+PLUGINS\nn1\s+\d+\s+serving\s+\S+\s+\S+\s+request-id@1\.0\.0\nn2\s+/);
  }, 60_000);

  it('fleet - node cmd sets a log level, answers status and dump-config, and names a missing node', async () => {
    const level = await gantry('node', 'cmd', 'n1', 'set-log-level', 'debug');
    expect(level.code, level.stdout + level.stderr).toBe(0);
    expect(level.stdout).toBe('n1: log level is now debug\n');
    const status = await gantry('node', 'cmd', 'n1', 'status');
    expect(status.stdout).toMatch(/^id: +n1\nstate: +serving\nrevision: +\d+\n/);
    const dump = JSON.parse((await gantry('node', 'cmd', 'n2', 'dump-config', '-o', 'json')).stdout) as { revision: number; config: { apis: { name: string }[] } };
    expect(dump.config.apis.map((api) => api.name)).toContain('ping');
    const missing = await gantry('node', 'cmd', 'n9', 'status');
    expect(missing.code, missing.stdout + missing.stderr).toBe(1);
    expect(missing.stderr).toContain('gantry node: node n9 status: no-responder: no node "n9" is listening');
    const commands = await pollUntil(async () => {
      const events = (await plane.auditEvents()).filter((e) => e.kind === 'node.command');
      return events.length > 0 ? events : undefined;
    }, 'the node.command event', 10_000);
    expect(commands[0]).toMatchObject({ actor: 'bob', key: 'n1', node: 'n1', new: { cmd: 'set-log-level', args: { level: 'debug' } } });
  }, 60_000);

  it('fleet - audit tail shows the apply and both nodes\' applied events', async () => {
    const applied = await gantry('apply', '-f', await file('audited.yaml', demoConfig('audited')), '--wait', '--reason', 'audit me');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const revision = Number(/revision (\d+) committed/.exec(applied.stdout)?.[1]);
    const events = await pollUntil(async () => {
      const tail = await gantry('audit', 'tail', '--since', '1h', '-o', 'json');
      const parsed = tail.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; revision?: number; node?: string; actor: string; reason?: string });
      const mine = parsed.filter((e) => e.revision === revision);
      return mine.filter((e) => e.kind === 'config.applied').length === 2 ? mine : undefined;
    }, 'the apply and two applied events', 10_000);
    expect(events.map((e) => [e.kind, e.actor, e.node ?? '-']).sort()).toEqual([
      ['config.applied', 'node:n1', 'n1'],
      ['config.applied', 'node:n2', 'n2'],
      ['config.apply', 'bob', '-'],
    ]);
    expect(events.find((e) => e.kind === 'config.apply')?.reason).toBe('audit me');
    const table = await gantry('audit', 'tail', '--kind', 'config.applied', '--limit', '2');
    expect(table.stdout).toMatch(/^TIME\s+KIND\s+ACTOR\s+NODE\s+KEY\s+REV\s+REASON\n(\S+\s+config\.applied\s+node:n\d\s+n\d\s+nats:\S+\s+\d+\s+-\n){2}$/);
  }, 60_000);
});

describe('gantry node lifecycle on NATS', () => {
  let dir: string;
  let plane: ControlPlane;
  const running: Running[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-node-life-'));
    plane = await openControlPlane();
  }, 180_000);
  afterAll(async () => {
    await Promise.all(running.map(killCli));
    await plane.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(args: string[]): Promise<Running> {
    const cli = startCli(['serve', '--admin-port', '0', '--log-dir', join(dir, 'logs'), ...args], plane.env);
    running.push(cli);
    await pollUntil(() => (/serving revision/.test(cli.output.stdout) || cli.child.exitCode !== null ? true : undefined), 'a serving node', 15_000);
    expect(cli.output.stdout, cli.output.stderr).toMatch(/serving revision/);
    return cli;
  }

  it('lifecycle - drain over the bus stops a node with exit 0; restarted with NATS unreachable it serves its last-good copy', async () => {
    const path = join(dir, 'life.yaml');
    await writeFile(path, demoConfig('kept'));
    const applied = await runCli(['apply', '-f', path], plane.env);
    const revision = /revision (\d+) committed/.exec(applied.stdout)?.[1];
    const port = await freePort();
    const dataDir = join(dir, 'n3');
    const first = await serve(['--nats', 'nats://127.0.0.1:4222', '--node-id', 'n3', '--data-dir', dataDir, '--http-port', String(port)]);
    expect(first.output.stdout).toContain(`serving revision ${revision} from nats:${plane.bucket}`);

    const drain = await runCli(['node', 'cmd', 'n3', 'drain'], plane.env);
    expect(drain.stdout).toBe('n3: draining; it exits once its in-flight calls are done\n');
    const ended = await first.exited;
    expect(ended.code, ended.stdout + ended.stderr).toBe(0);
    expect(ended.stdout).toContain('node n3 stopped (drain command)');

    const closedPort = await freePort();
    const again = await serve(['--nats', `nats://127.0.0.1:${closedPort}`, '--node-id', 'n3', '--data-dir', dataDir, '--http-port', String(port), '--config-wait', '300ms']);
    expect(again.output.stdout).toContain(`serving revision ${revision} from last-good:${join(dataDir, 'last-good.json')}`);
    expect((await call(`http://127.0.0.1:${port}`, '/ping')).text).toBe('kept');
    again.child.kill('SIGTERM');
    const stopped = await again.exited;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('SIGTERM, draining');
  }, 60_000);
});
