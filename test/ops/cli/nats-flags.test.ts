import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../ops/cli/cli-args.js';
import { cliActor, natsTargets } from '../../../ops/cli/nats-flags.js';

const VARS = ['GANTRY_NATS', 'GANTRY_NATS_CREDS', 'GANTRY_NATS_USER', 'GANTRY_NATS_PASS', 'GANTRY_CONFIG_BUCKET', 'GANTRY_AUDIT_STREAM', 'GANTRY_SUBJECT_ROOT', 'USER'];

describe('cli nats flags', () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
    for (const name of VARS) delete process.env[name];
  });
  afterEach(() => {
    for (const name of VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('cli nats flags - defaults to the local server and the production names', () => {
    expect(natsTargets({})).toEqual({
      bus: { servers: ['nats://127.0.0.1:4222'], user: '', pass: '', credsFile: '' },
      bucket: 'gantry-config', auditStream: 'GANTRY_AUDIT', subjectRoot: 'gantry', auditPrefix: 'gantry.audit',
    });
  });

  it('cli nats flags - a flag wins over its environment variable, which wins over the default', () => {
    process.env.GANTRY_NATS = 'nats://a:4222, nats://b:4222';
    process.env.GANTRY_CONFIG_BUCKET = 'env-bucket';
    process.env.GANTRY_SUBJECT_ROOT = 'fleet.blue';
    const fromEnv = natsTargets({});
    expect(fromEnv.bus.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(fromEnv).toMatchObject({ bucket: 'env-bucket', subjectRoot: 'fleet.blue', auditPrefix: 'fleet.blue.audit' });
    expect(natsTargets({ nats: 'nats://c:4222', bucket: 'flag-bucket' })).toMatchObject({ bus: { servers: ['nats://c:4222'] }, bucket: 'flag-bucket' });
  });

  it('cli nats flags - rules across flags are usage errors naming both', () => {
    expect(() => natsTargets({ 'nats-creds': 'a.creds', 'nats-user': 'u' })).toThrow(new UsageError('--nats-creds and --nats-user are exclusive: give one way to authenticate'));
    expect(() => natsTargets({ 'nats-pass': 'p' })).toThrow(new UsageError('--nats-pass needs --nats-user'));
    expect(() => natsTargets({ bucket: 'a.b' })).toThrow(UsageError);
    expect(() => natsTargets({ 'subject-root': 'a.>' })).toThrow(UsageError);
  });

  it('cli nats flags - the actor is the NATS user, else the name in the creds JWT, else the login', async () => {
    expect(cliActor(natsTargets({ 'nats-user': 'alice', 'nats-pass': 'x' }))).toBe('alice');
    const dir = await mkdtemp(join(tmpdir(), 'gantry-creds-'));
    try {
      const payload = Buffer.from(JSON.stringify({ name: 'ci-deployer', sub: 'UABC' })).toString('base64url');
      const creds = join(dir, 'user.creds');
      await writeFile(creds, `-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.${payload}.sig\n------END NATS USER JWT------\n`);
      expect(cliActor(natsTargets({ 'nats-creds': creds }))).toBe('ci-deployer');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    process.env.USER = 'carol';
    expect(cliActor(natsTargets({}))).toBe('carol');
  });
});
