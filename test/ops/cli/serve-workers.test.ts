/**
 * `gantry serve --workers 2` as operators run it: the real CLI, a primary and two worker processes
 * on free ports, stopped at the end of each test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { ensureBuilt, killCli, startCli, type Running } from './cli-process.js';

interface Row { id: number; pid: number | null; revision: number | null; ready: boolean; restarts: number; calls: number }

/** `/ping` answers `body`; `/slow` goes to `slowUrl` (an upstream that answers late). */
function workersConfig(body: string, slowUrl = 'http://127.0.0.1:9'): string {
  return [
    'version: 1',
    'listen: { host: 127.0.0.1 }',
    'groups:',
    '  - { name: demo, hosts: [localhost, 127.0.0.1], default: true }',
    'apis:',
    '  - name: ping',
    '    group: demo',
    '    match: { path: /ping, type: exact }',
    `    backend: { protocol: mock, body: ${JSON.stringify(body)} }`,
    '  - name: slow',
    '    group: demo',
    '    match: { path: /slow, type: exact }',
    '    backend: { protocol: http, cluster: slow, timeoutMs: 10000 }',
    'clusters:',
    '  - name: slow',
    `    endpoints: [{ url: ${JSON.stringify(slowUrl)} }]`,
    '',
  ].join('\n');
}

interface Node {
  readonly cli: Running;
  readonly http: string;
  readonly admin: string;
}

async function json<T>(base: string, path: string): Promise<{ status: number; body: T }> {
  const answer = await call(base, path);
  return { status: answer.status, body: JSON.parse(answer.text) as T };
}

function workers(node: Node): Promise<Row[]> {
  return json<{ workers: Row[] }>(node.admin, '/gantry/workers').then((answer) => answer.body.workers);
}

describe('gantry serve --workers', () => {
  let dir: string;
  const running: Running[] = [];
  let slow: TestUpstream;
  let releaseSlow: () => void = () => undefined;

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-workers-'));
    slow = await startHttpUpstream((_request, response) => {
      releaseSlow = () => response.end('slow done');
      response.writeHead(200, { 'content-type': 'text/plain' });
    });
  }, 180_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => killCli(cli)));
  });

  afterAll(async () => {
    await slow.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(name: string, body: string): Promise<Node & { file: string }> {
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, workersConfig(body, slow.url));
    const cli = startCli(['serve', '--config', file, '--workers', '2', '--http-port', '0', '--admin-port', '0', '--log-dir', join(dir, `${name}-logs`)]);
    running.push(cli);
    const line = await pollUntil(() => /on http :(\d+), admin :(\d+) with 2 workers/.exec(cli.output.stdout) ?? undefined, `${name} serving\n${cli.output.stderr}`, 30_000);
    return { cli, file, http: `http://127.0.0.1:${line[1] ?? ''}`, admin: `http://127.0.0.1:${line[2] ?? ''}` };
  }

  it('workers - both workers answer calls and /metrics sums their request counts', async () => {
    const node = await start('both', 'one');
    expect((await json<{ ready: boolean }>(node.admin, '/readyz')).body.ready).toBe(true);
    // A new connection per call: the primary hands connections to workers in turn.
    for (let i = 0; i < 10; i += 1) expect((await call(node.http, '/ping', { headers: { connection: 'close' } })).text).toBe('one');
    const rows = await workers(node);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.pid)).size).toBe(2);
    for (const row of rows) expect(row.calls).toBeGreaterThan(0);
    expect(rows.reduce((sum, row) => sum + row.calls, 0)).toBe(10);
    const metrics = await call(node.admin, '/metrics');
    expect(metrics.text).toMatch(/gantry_http_requests_total\{group="demo",api="ping",code="1100",status="200"\} 10\n/);
    // A gauge is never summed into nonsense: revision 1 on both workers is 1 (per worker or aggregated), not 2.
    const revisions = [...metrics.text.matchAll(/^gantry_config_revision(?:\{[^}]*\})? (\S+)$/gm)].map((m) => m[1]);
    expect(revisions.length).toBeGreaterThan(0);
    expect(new Set(revisions)).toEqual(new Set(['1']));
    expect(metrics.text).toContain('gantry_workers_ready 2');
    // Routes that need a snapshot are answered by a worker through the primary's admin port.
    const config = await json<{ revision: number; config: { apis: { name: string }[] } }>(node.admin, '/gantry/config');
    expect(config.status).toBe(200);
    expect(config.body.revision).toBe(1);
    expect(config.body.config.apis.map((api) => api.name)).toEqual(['ping', 'slow']);
  }, 60_000);

  it('workers - a config file change reaches both workers with the same revision', async () => {
    const node = await start('reload', 'before');
    expect((await workers(node)).map((row) => row.revision)).toEqual([1, 1]);
    await writeFile(node.file, workersConfig('after', slow.url));
    const rows = await pollUntil(async () => {
      const now = await workers(node);
      return now.every((row) => row.revision === 2) ? now : undefined;
    }, 'both workers on revision 2', 15_000, 100);
    expect(rows.map((row) => row.revision)).toEqual([2, 2]);
    for (let i = 0; i < 6; i += 1) expect((await call(node.http, '/ping', { headers: { connection: 'close' } })).text).toBe('after');
    // A refused document leaves both workers where they are.
    await writeFile(node.file, 'version: 1\napis: [{ name: broken }]\n');
    await pollUntil(() => (node.cli.output.stdout.includes('config refused, workers keep revision 2') ? true : undefined), 'refusal logged', 15_000);
    expect((await workers(node)).map((row) => row.revision)).toEqual([2, 2]);
    expect((await json<{ revision: number | null }>(node.admin, '/readyz')).body.revision).toBe(2);
  }, 60_000);

  it('workers - a killed worker is restarted and traffic continues', async () => {
    const node = await start('restart', 'alive');
    const [first] = await workers(node);
    expect(first?.pid).toBeTypeOf('number');
    process.kill(first?.pid ?? 0, 'SIGKILL');
    // A connection the primary hands over at the very instant of the death is lost with the worker
    // (node:cluster never hears back about it): traffic resumes once the primary has seen the exit.
    await pollUntil(() => (/worker 1 \(pid \d+\) exited with signal SIGKILL/.test(node.cli.output.stdout) ? true : undefined), 'the death noticed', 10_000);
    // Meanwhile the other worker answers every call.
    for (let i = 0; i < 5; i += 1) expect((await call(node.http, '/ping', { headers: { connection: 'close' } })).text).toBe('alive');
    const rows = await pollUntil(async () => {
      const now = await workers(node);
      return now.every((row) => row.ready) && now[0]?.pid !== first?.pid ? now : undefined;
    }, 'worker 1 back', 20_000, 100);
    expect(rows[0]?.restarts).toBe(1);
    expect(rows.map((row) => row.revision)).toEqual([1, 1]);
    expect(node.cli.output.stdout).toMatch(/worker 1 \(pid \d+\) exited with signal SIGKILL; restarting in 0 ms/);
    for (let i = 0; i < 6; i += 1) expect((await call(node.http, '/ping', { headers: { connection: 'close' } })).text).toBe('alive');
    expect((await call(node.admin, '/metrics')).text).toContain('gantry_worker_restarts_total 1');
  }, 60_000);

  it('workers - SIGTERM drains: readiness goes false, an in-flight call completes, exit 0', async () => {
    const node = await start('drain', 'x');
    const inFlight = call(node.http, '/slow');
    await pollUntil(() => (slow.received.length > 0 ? true : undefined), 'the slow call reached the upstream', 10_000);
    node.cli.child.kill('SIGTERM');
    await pollUntil(async () => {
      const ready = await json<{ ready: boolean; reason: string }>(node.admin, '/readyz').catch(() => undefined);
      return ready?.body.reason === 'draining' ? true : undefined;
    }, 'readiness false while draining', 10_000);
    releaseSlow();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('slow done');
    const finished = await node.cli.exited;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('SIGTERM, draining 2 workers');
    expect(finished.stdout).toContain('all workers stopped (SIGTERM)');
  }, 60_000);

  it('workers - a worker that cannot start (HTTP port taken) stops the node with exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(dir, 'taken.yaml');
      await writeFile(file, workersConfig('x', slow.url));
      const port = String((taken.address() as AddressInfo).port);
      const cli = startCli(['serve', '--config', file, '--workers', '2', '--http-port', port, '--admin-port', '0', '--log-dir', '-']);
      running.push(cli);
      const finished = await cli.exited;
      expect(finished.code).toBe(1);
      expect(finished.stdout).toMatch(/worker \d \(pid \d+\) exited with code 1 before the node was ready/);
      expect(finished.stderr).toContain('EADDRINUSE');
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 60_000);

  it('workers - a bad --workers value is a usage error', async () => {
    const cli = startCli(['serve', '--config', 'x.yaml', '--workers', 'many']);
    running.push(cli);
    const finished = await cli.exited;
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain('--workers must be a number or "auto", got "many"');
  }, 30_000);
});
