/**
 * `gantry switch` end to end against the shared NATS: a bucket and an audit stream of the test's
 * own, the command run in-process with its output captured.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError, UsageError } from '../../../ops/cli/cli-args.js';
import { switchCommand } from '../../../ops/cli/switch-command.js';
import { getCommand } from '../../../ops/cli/get-command.js';
import { readSwitch } from '../../../bus/switches/write-switch.js';
import { openAuditFixture, type AuditFixture } from '../audit/audit-fixture.js';
import { openSwitchBucket, sharedNatsUrl, type SwitchBucketFixture } from '../support/switch-fixture.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describe('switch command', () => {
  let bus: SwitchBucketFixture;
  let audit: AuditFixture;
  let common: string[];

  async function run(...args: string[]): Promise<Run> {
    return capture(() => switchCommand([...args, ...common]));
  }

  async function capture(command: () => Promise<number>): Promise<Run> {
    let out = '';
    let err = '';
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err += String(chunk); return true; });
    try {
      const code = await command();
      return { code, out, err };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  beforeEach(async () => {
    bus = await openSwitchBucket();
    audit = await openAuditFixture();
    common = ['--nats', sharedNatsUrl, '--switch-bucket', bus.bucket, '--audit-stream', audit.stream, '--subject-root', audit.subjectPrefix.replace(/\.audit$/, '')];
  });
  afterEach(async () => {
    await audit.close();
    await bus.cleanup();
  });

  it('switch command - set validates, writes, and audits old → new', async () => {
    const first = await run('set', 'gantry.api.offline', 'true', '--scope', 'api:shop/get-item', '--reason', 'incident 7');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^gantry\.api\.offline@api:shop\/get-item: \(unset\) → true \(revision \d+\)\n$/);
    const second = await run('set', 'gantry.api.offline', 'off', '--scope', 'api:shop/get-item', '--reason', 'fixed', '-o', 'json');
    expect(JSON.parse(second.out)).toMatchObject({ scope: 'api:shop/get-item', old: true, value: false, changed: true, audited: true, reason: 'fixed' });
    expect((await readSwitch(bus.kv, { name: 'gantry.api.offline', scope: { kind: 'api', group: 'shop', api: 'get-item' } }))?.stored.value).toBe(false);

    const events = await audit.stored();
    expect(events.map((e) => [e.kind, e.key, e.old, e.new, e.reason])).toEqual([
      ['switch.set', 'gantry.api.offline@api:shop/get-item', undefined, true, 'incident 7'],
      ['switch.set', 'gantry.api.offline@api:shop/get-item', true, false, 'fixed'],
    ]);
    // The same value again writes nothing and audits nothing.
    expect((await run('set', 'gantry.api.offline', 'false', '--scope', 'api:shop/get-item', '--reason', 'again')).out).toContain('already false, nothing written');
    expect(await audit.stored()).toHaveLength(2);
  });

  it('switch command - invalid values, scopes and missing reasons are refused before anything is written', async () => {
    await expect(run('set', 'gantry.api.offline', 'maybe', '--reason', 'x')).rejects.toThrow(new CliError('gantry.api.offline at global: must be true or false, got "maybe"'));
    await expect(run('set', 'gantry.log.level', 'warn', '--scope', 'api:shop/get', '--reason', 'x')).rejects.toThrow(/scope api is not allowed \(allowed: global, node\)/);
    await expect(run('set', 'gantry.plugin.enabled', 'false', '--reason', 'x')).rejects.toThrow(/a plugin must be named/);
    await expect(run('set', 'gantry.api.offline', 'true')).rejects.toBeInstanceOf(UsageError);
    await expect(run('set', 'gantry.api.offline', 'true', '--scope', 'api:shop', '--reason', 'x')).rejects.toThrow(/api:GROUP\/API/);
    await expect(run('set', 'no.such', '1', '--reason', 'x')).rejects.toThrow(/unknown switch "no.such"/);
    expect((await run('list', '-o', 'json')).out).not.toContain('"actor"');
    expect(await audit.stored()).toEqual([]);
  });

  it('switch command - get shows every scope or one, list shows every switch with its values', async () => {
    await run('set', 'gantry.plugin.enabled', 'false', '--plugin', 'request-id', '--scope', 'group:shop', '--reason', 'noisy');
    await run('set', 'gantry.log.level', 'debug', '--scope', 'node:gantry-2', '--reason', 'chasing a bug');
    const get = await run('get', 'gantry.plugin.enabled');
    expect(get.out).toContain('gantry.plugin.enabled (bool, default true)');
    expect(get.out).toMatch(/group:shop plugin=request-id\s+false\s+\S+/);
    const one = JSON.parse((await run('get', 'gantry.log.level', '--scope', 'node:gantry-2', '-o', 'json')).out) as { default: unknown; values: { value: unknown }[] };
    expect(one).toMatchObject({ default: 'info', values: [{ value: 'debug', scope: 'node:gantry-2', reason: 'chasing a bug' }] });
    expect((await run('get', 'gantry.log.level', '--scope', 'global')).out).toContain('not set at that scope');

    const list = JSON.parse((await run('list', '-o', 'json')).out) as { switches: { name: string; values: unknown[] }[] };
    expect(list.switches.map((s) => [s.name, s.values.length])).toEqual([
      ['gantry.log.level', 1], ['gantry.digest.sample-percent', 0], ['gantry.api.offline', 0], ['gantry.api.degrade', 0], ['gantry.plugin.enabled', 1],
    ]);
    const table = (await run('list')).out;
    expect(table.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+DEFAULT\s+SET\s+DESCRIPTION$/);
    expect(table).toContain('node:gantry-2="debug"');
  });

  it('switch command - "gantry get switches [NAME]" is the same read as switch list / get', async () => {
    await run('set', 'gantry.api.offline', 'true', '--scope', 'api:shop/items', '--reason', 'maintenance');
    const listed = await capture(() => getCommand(['switches', '-o', 'json', ...common]));
    expect(listed.out).toBe((await run('list', '-o', 'json')).out);
    const one = await capture(() => getCommand(['switches', 'gantry.api.offline', ...common]));
    expect(one.out).toBe((await run('get', 'gantry.api.offline')).out);
    expect(one.out).toContain('api:shop/items');
  });

  it('switch command - delete removes a value and audits what it was', async () => {
    await run('set', 'gantry.digest.sample-percent', '25%', '--reason', 'load test');
    const removed = await run('delete', 'gantry.digest.sample-percent', '--reason', 'done');
    expect(removed.out).toBe('gantry.digest.sample-percent@global: 25 removed (the next scope or the default applies)\n');
    await expect(run('delete', 'gantry.digest.sample-percent', '--reason', 'again')).rejects.toThrow(/is not set: nothing to delete/);
    const events = await audit.stored();
    expect(events.map((e) => [e.kind, e.old, e.new])).toEqual([['switch.set', undefined, 25], ['switch.delete', 25, undefined]]);
  });
});
