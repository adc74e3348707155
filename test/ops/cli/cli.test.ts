import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, pollUntil } from '../../core/pipeline/gateway-calls.js';
import { ensureBuilt, freePort, ROOT, runCli, startCli, type Running } from './cli-process.js';

function serveConfig(httpPort: number, adminPort: number): string {
  return [
    'version: 1',
    `listen: { http: ${httpPort}, admin: ${adminPort}, host: 127.0.0.1 }`,
    'groups:',
    '  - { name: demo, hosts: [localhost], default: true }',
    'apis:',
    '  - name: ping',
    '    group: demo',
    '    match: { path: /ping, type: exact }',
    '    backend: { protocol: mock, body: pong }',
    '',
  ].join('\n');
}

describe('gantry cli', () => {
  let dir: string;
  const running: Running[] = [];

  beforeAll(async () => {
    // `npm test` builds first (pretest); build here only when run on its own from a clean tree.
    await ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'gantry-cli-'));
  }, 180_000);

  afterAll(async () => {
    for (const r of running) {
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      await r.exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('cli - validate on the quickstart example exits 0 with a summary', async () => {
    const result = await runCli(['validate', '--config', join(ROOT, 'ops/examples/quickstart.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^quickstart\.yaml: valid — 1 groups, 3 APIs, 1 clusters, 1 bindings\n$/);
    expect(result.stderr).toBe('');
  });

  it('cli - validate on an invalid file exits 1 with one "file: path: reason" line per problem', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, [
      'version: 1',
      'listen: { http: 99999 }',
      'groups: [{ name: g, default: true }]',
      'apis:',
      '  - { name: x, group: g, match: { path: /x, type: fuzzy }, backend: { protocol: mock } }',
      '',
    ].join('\n'));
    const result = await runCli(['validate', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^bad\.yaml: [^:\s]+: .+$/);
    expect(lines).toContain('bad.yaml: apis[0](x).match.type: must be one of exact, prefix');
    expect(lines.some((l) => l.startsWith('bad.yaml: listen.http: '))).toBe(true);
  });

  it('cli - validate reports plugin problems found only by compiling', async () => {
    const file = join(dir, 'plugin.yaml');
    await writeFile(file, [
      'version: 1',
      'groups: [{ name: g, default: true }]',
      'apis:',
      '  - { name: x, group: g, match: { path: /x, type: exact }, backend: { protocol: mock }, plugins: [{ name: no-such-plugin }] }',
      '',
    ].join('\n'));
    const result = await runCli(['validate', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^plugin\.yaml: apis\[0\]\(x\)\.plugins\[0\]\(no-such-plugin\): unknown plugin "no-such-plugin"/);
  });

  it('cli - serve becomes ready, answers a call, and exits 0 on SIGTERM', async () => {
    const [httpPort, adminPort] = [await freePort(), await freePort()];
    const file = join(dir, 'serve.yaml');
    await writeFile(file, serveConfig(httpPort, adminPort));
    const cli = startCli(['serve', '--config', file, '--log-dir', join(dir, 'serve-logs')]);
    running.push(cli);
    await pollUntil(() => (cli.output.stdout.includes('serving') ? true : undefined), 'the serving line', 15_000);
    expect(cli.output.stdout).toContain(`revision 1 on http :${httpPort}, admin :${adminPort}`);
    expect((await call(`http://127.0.0.1:${adminPort}`, '/readyz')).status).toBe(200);
    const answer = await call(`http://127.0.0.1:${httpPort}`, '/ping');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('pong');
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SIGTERM, draining');
  });

  it('cli - serve with --http-port 0 and --admin-port 0 reports the ports it got', async () => {
    const file = join(dir, 'serve-zero.yaml');
    await writeFile(file, serveConfig(await freePort(), await freePort()));
    const cli = startCli(['serve', '--config', file, '--http-port', '0', '--admin-port', '0', '--log-dir', '-']);
    running.push(cli);
    const match = await pollUntil(() => /on http :(\d+), admin :(\d+)/.exec(cli.output.stdout) ?? undefined, 'the serving line', 15_000);
    expect((await call(`http://127.0.0.1:${match[1]}`, '/ping')).text).toBe('pong');
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('cli - serve on a refused startup config exits 1 with the reason', async () => {
    const file = join(dir, 'refused.yaml');
    await writeFile(file, 'version: 1\ngroups: [{ name: g, default: maybe }]\n');
    const result = await runCli(['serve', '--config', file, '--log-dir', join(dir, 'refused-logs')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('config refused, not starting');
    expect(result.stderr).toContain('refused.yaml: groups[0](g).default: must be true or false (got "maybe")');
    const configLog = await readFile(join(dir, 'refused-logs', 'gantry-config.log'), 'utf8');
    expect(configLog).toContain('refused refused.yaml: groups[0](g).default: must be true or false (got "maybe"); no revision applied yet');
  });

  it('cli - an unknown flag exits 2 with the usage', async () => {
    const result = await runCli(['serve', '--config', 'x.yaml', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('gantry serve --config FILE');
  });

  it('cli - an unknown command, or none, exits 2 with the usage', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('usage: gantry <command>');
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('usage: gantry <command>');
  });

  it('cli - a verb without --config exits 2', async () => {
    const result = await runCli(['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('validate needs --config FILE');
  });
});
