/**
 * `gantry serve --nats … --workers 2`: every worker follows the config bucket, so revisions agree by
 * construction; the node's status carries one entry per worker and `gantry nodes` shows them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { demoConfig } from './cli-configs.js';
import { ensureBuilt, killCli, runCli, startCli, type Running } from './cli-process.js';
import { openControlPlane, type ControlPlane } from './control-plane-fixture.js';

interface Listed {
  id: string;
  state: string;
  appliedRevision: number | null;
  workers?: { id: number; pid: number | null; revision: number | null; ready: boolean }[];
}

describe('gantry serve --nats --workers', () => {
  let dir: string;
  let plane: ControlPlane;
  const running: Running[] = [];
  const gantry = (...args: string[]) => runCli(args, { ...plane.env, USER: 'ops' });

  beforeAll(async () => {
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-workers-nats-'));
    plane = await openControlPlane();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(running.map((cli) => killCli(cli)));
    await plane.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function listed(): Promise<Listed[]> {
    return JSON.parse((await gantry('nodes', '-o', 'json')).stdout) as Listed[];
  }

  it('workers on NATS - both workers serve the bucket\'s revision, the status lists them, SIGTERM exits 0', async () => {
    const first = join(dir, 'v1.yaml');
    await writeFile(first, demoConfig('v1'));
    expect((await gantry('apply', '-f', first)).code).toBe(0);
    const cli = startCli(['serve', '--nats', plane.env.GANTRY_NATS ?? '', '--node-id', 'wk', '--workers', '2', '--data-dir', join(dir, 'data'),
      '--http-port', '0', '--admin-port', '0', '--log-dir', join(dir, 'logs')], plane.env);
    running.push(cli);
    const line = await pollUntil(() => /on http :(\d+), admin :(\d+) with 2 workers/.exec(cli.output.stdout) ?? undefined, `serving\n${cli.output.stderr}`, 30_000);
    const http = `http://127.0.0.1:${line[1] ?? ''}`;
    expect((await call(http, '/ping')).text).toBe('v1');

    const second = join(dir, 'v2.yaml');
    await writeFile(second, demoConfig('v2'));
    const applied = await gantry('apply', '-f', second);
    expect(applied.code, applied.stderr).toBe(0);
    const revision = Number(/revision (\d+) committed/.exec(applied.stdout)?.[1]);
    const node = await pollUntil(async () => {
      const found = (await listed()).find((n) => n.id === 'wk');
      return found?.workers?.every((w) => w.revision === revision && w.ready) === true ? found : undefined;
    }, 'both workers on the new revision in the node status', 20_000, 200);
    expect(node.appliedRevision).toBe(revision);
    expect(node.workers?.map((w) => w.id)).toEqual([1, 2]);
    expect(new Set(node.workers?.map((w) => w.pid)).size).toBe(2);
    // The workers follow the bus as wk-w1 and wk-w2, but the fleet lists the node once, with its workers.
    const all = await listed();
    expect(all.filter((n) => n.id.startsWith('wk')).map((n) => n.id)).toEqual(['wk']);
    const table = await gantry('nodes');
    expect(table.stdout).toMatch(new RegExp(`wk workers: 1 pid \\d+ rev ${revision} ready, 2 pid \\d+ rev ${revision} ready`));
    for (let i = 0; i < 4; i += 1) expect((await call(http, '/ping', { headers: { connection: 'close' } })).text).toBe('v2');

    cli.child.kill('SIGTERM');
    const finished = await cli.exited;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('all workers stopped (SIGTERM)');
  }, 90_000);
});
