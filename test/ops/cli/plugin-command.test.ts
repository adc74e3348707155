/**
 * `gantry plugin` registry verbs end to end against the shared NATS: a registry bucket and an audit
 * stream of the test's own, the commands run in-process with their output captured.
 */
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError, UsageError } from '../../../ops/cli/cli-args.js';
import { pluginCommand } from '../../../ops/cli/plugin/plugin-command.js';
import { applyCommand } from '../../../ops/cli/apply-command.js';
import { switchCommand } from '../../../ops/cli/switch-command.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { openAuditFixture, type AuditFixture } from '../../bus/audit/audit-fixture.js';
import { sharedNatsUrl, uniqueName } from '../../bus/support/test-bucket.js';
import { connectBus } from '../../../bus/connection.js';
import { findPluginBucket } from '../../../bus/plugins/plugin-bucket.js';
import { stampModuleSource, tsManifest } from '../../bus/plugins/plugin-bucket-fixture.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function capture(command: () => Promise<number>): Promise<Run> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err += String(chunk); return true; });
  try {
    return { code: await command(), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('plugin command', () => {
  let audit: AuditFixture;
  let dir: string;
  let bucket: string;
  let common: string[];

  const run = (...args: string[]): Promise<Run> => capture(() => pluginCommand([...args, ...(['keygen'].includes(args[0] ?? '') ? [] : common)]));

  async function pluginDir(name: string, version: string): Promise<string> {
    const path = join(dir, `${name}-${version}`);
    await mkdir(path);
    await writeFile(join(path, 'gantry-plugin.json'), JSON.stringify(tsManifest(name, version)));
    await writeFile(join(path, 'plugin.js'), stampModuleSource(name, version));
    return path;
  }

  beforeEach(async () => {
    audit = await openAuditFixture();
    dir = await mkdtemp(join(tmpdir(), 'gantry-plugin-cli-'));
    bucket = uniqueName('gantry-plugins');
    common = ['--nats', sharedNatsUrl, '--plugin-bucket', bucket, '--audit-stream', audit.stream, '--subject-root', audit.subjectPrefix.replace(/\.audit$/, '')];
  });

  afterEach(async () => {
    const nc = await connectBus({ servers: [sharedNatsUrl], name: 'gantry-test-cleanup' });
    await (await findPluginBucket(nc, bucket))?.destroy().catch(() => undefined);
    await nc.close();
    await audit.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('plugin command - keygen writes the seed 0600, prints the public key, and never overwrites', async () => {
    const seedFile = join(dir, 'key.nk');
    const made = await run('keygen', '--out', seedFile, '-o', 'json');
    expect(made.code).toBe(0);
    const { publicKey } = JSON.parse(made.out) as { publicKey: string };
    expect(publicKey).toMatch(/^A[A-Z2-7]{55}$/);
    expect((await readFile(seedFile, 'utf8')).startsWith('SA')).toBe(true);
    expect((await stat(seedFile)).mode & 0o777).toBe(0o600);
    await expect(run('keygen', '--out', seedFile)).rejects.toThrow(/never overwrites/);
  });

  it('plugin command - publish, list, versions, show and yank, each audited', async () => {
    const seedFile = join(dir, 'key.nk');
    const { out } = await run('keygen', '--out', seedFile, '-o', 'json');
    const { publicKey } = JSON.parse(out) as { publicKey: string };

    const published = await run('publish', await pluginDir('stamp', '1.0.0'), '--key', seedFile, '-o', 'json');
    expect(published.code).toBe(0);
    expect(JSON.parse(published.out)).toMatchObject({ name: 'stamp', version: '1.0.0', kind: 'ts', signer: publicKey, audited: true });
    expect((await run('publish', join(await pluginDir('stamp', '1.1.0'), 'gantry-plugin.json'), '--key', seedFile)).out).toMatch(/^published stamp@1\.1\.0 \(ts, \d+ bytes\)\n {2}sha256 [0-9a-f]{64}\n {2}signed by A/);
    await expect(run('publish', await pluginDir('stamp', '1.0.0').catch(() => join(dir, 'stamp-1.0.0')), '--key', seedFile)).rejects.toThrow(CliError);

    expect((await run('list')).out).toBe('NAME   LATEST  KIND  VERSIONS  YANKED\nstamp  1.1.0   ts    2         0\n');
    const yanked = await run('yank', 'stamp@1.1.0', '--reason', 'leaks');
    expect(yanked.out).toBe('stamp@1.1.0 yanked: ranges no longer pick it\n');
    expect((await run('list', '-o', 'json')).out).toContain('"latest": "1.0.0"');
    const versions = (await run('versions', 'stamp')).out.split('\n');
    expect(versions[0]).toMatch(/^VERSION\s+KIND\s+SHA256\s+SIGNER\s+PUBLISHED\s+BY\s+YANKED$/);
    expect(versions[2]).toMatch(/^1\.1\.0\s+ts\s+[0-9a-f]{12}\s+A\S{11}\s+\S+\s+\S+\s+yes \(leaks\)$/);
    const shown = JSON.parse((await run('show', 'stamp@1.0.0', '-o', 'json')).out) as Record<string, unknown>;
    expect(shown).toMatchObject({ name: 'stamp', version: '1.0.0', yanked: false, manifest: { name: 'stamp', kind: 'ts', priority: 10 } });
    expect((await run('show', 'stamp@1.0.0')).out).toMatch(/^plugin: +stamp@1\.0\.0\n/);

    const events = await audit.stored();
    expect(events.map((e) => `${e.kind} ${e.key}`)).toEqual(['plugin.upload stamp@1.0.0', 'plugin.upload stamp@1.1.0', 'plugin.yank stamp@1.1.0']);
    expect(events[2]?.reason).toBe('leaks');
  });

  it('plugin command - wrong lines are usage errors; a module that does not match its manifest is refused before anything is stored', async () => {
    await expect(run('publish', dir)).rejects.toThrow(UsageError);
    await expect(run('yank', 'stamp@1.0.0')).rejects.toThrow(/--reason/);
    await expect(run('show', 'stamp')).rejects.toThrow(/NAME@VERSION/);
    await expect(run('frobnicate')).rejects.toThrow(UsageError);
    // The authoring verbs are the SDK's, reached through the same dispatcher.
    await expect(pluginCommand(['new'])).rejects.toThrow(/plugin new needs a NAME/);
    const seedFile = join(dir, 'key.nk');
    await run('keygen', '--out', seedFile);
    const path = await pluginDir('stamp', '2.0.0');
    await writeFile(join(path, 'plugin.js'), stampModuleSource('stamp', '9.9.9'));
    await expect(run('publish', path, '--key', seedFile)).rejects.toThrow(/declares stamp@9\.9\.9/);
    await expect(run('list')).rejects.toThrow(/does not exist/);
  });

  it('plugin command - a switch a registry plugin declares can be set with gantry switch, checked against its definition', async () => {
    const seedFile = join(dir, 'key.nk');
    await run('keygen', '--out', seedFile);
    const path = await pluginDir('stamp', '1.0.0');
    const declared = [{ name: 'stamp.label', type: 'string', default: 'v1', scopes: ['global', 'node'], description: 'Text of the stamp.' }];
    await writeFile(join(path, 'gantry-plugin.json'), JSON.stringify({ ...tsManifest('stamp', '1.0.0'), switches: declared }));
    await run('publish', path, '--key', seedFile);
    vi.stubEnv('GANTRY_PLUGIN_BUCKET', bucket);
    const switchBucket = uniqueName('gantry-switches');
    const nats = ['--nats', sharedNatsUrl, '--switch-bucket', switchBucket, '--audit-stream', audit.stream, '--subject-root', audit.subjectPrefix.replace(/\.audit$/, '')];
    try {
      const set = await capture(() => switchCommand(['set', 'stamp.label', 'v2', '--reason', 'test', ...nats]));
      expect(set.code).toBe(0);
      const got = JSON.parse((await capture(() => switchCommand(['get', 'stamp.label', '-o', 'json', ...nats]))).out) as { default: unknown; values: { value: unknown }[] };
      expect(got).toMatchObject({ default: 'v1', values: [{ value: 'v2' }] });
      // The definition is enforced: the plugin declared no api scope for it.
      await expect(capture(() => switchCommand(['set', 'stamp.label', 'v3', '--scope', 'api:g/x', '--reason', 'test', ...nats]))).rejects.toThrow(/stamp\.label/);
      await expect(capture(() => switchCommand(['set', 'stamp.nope', 'x', '--reason', 'test', ...nats]))).rejects.toThrow(/unknown switch "stamp\.nope"/);
    } finally {
      vi.unstubAllEnvs();
      const nc = await connectBus({ servers: [sharedNatsUrl], name: 'gantry-test-cleanup' });
      const js = jetstreamManager(nc);
      await (await js).streams.delete(`KV_${switchBucket}`).catch(() => undefined);
      await nc.close();
    }
  });

  it('plugin command - apply checks a binding to a registry plugin against that version\'s manifest schema', async () => {
    const seedFile = join(dir, 'key.nk');
    await run('keygen', '--out', seedFile);
    const path = await pluginDir('stamp', '1.0.0');
    await writeFile(join(path, 'gantry-plugin.json'), JSON.stringify({ ...tsManifest('stamp', '1.0.0'), configSchema: { type: 'object', properties: { tag: { type: 'string' } }, additionalProperties: false } }));
    await run('publish', path, '--key', seedFile);
    const configBucket = uniqueName('gantry-config');
    vi.stubEnv('GANTRY_PLUGIN_BUCKET', bucket);
    const config = (plugin: Record<string, unknown>): string => JSON.stringify({
      version: 1, groups: [{ name: 'g', default: true }],
      apis: [{ name: 'a', group: 'g', match: { path: '/a', type: 'exact' }, backend: { protocol: 'mock' }, plugins: [plugin] }],
    });
    try {
      await writeFile(join(dir, 'good.json'), config({ name: 'stamp@^1', config: { tag: 'x' } }));
      await writeFile(join(dir, 'bad.json'), config({ name: 'stamp@^1', config: { bogus: 1 } }));
      const apply = (file: string): Promise<Run> => capture(() => applyCommand(['-f', join(dir, file), '--dry-run', ...common.filter((_, i) => common[i] !== '--plugin-bucket' && common[i - 1] !== '--plugin-bucket'), '--bucket', configBucket]));
      expect((await apply('good.json')).code).toBe(0);
      const bad = await apply('bad.json');
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/^bad\.json: apis\[0\]\(a\)\.plugins\[0\]\(stamp@\^1\)\.config/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
