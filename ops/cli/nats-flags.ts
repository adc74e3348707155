/**
 * The flags every verb that talks to NATS shares, and the connection they open. Each flag has an
 * environment variable, so a shell (or CI job) can set the target once:
 *
 * | flag             | environment                 | default                          |
 * |------------------|-----------------------------|----------------------------------|
 * | `--nats URL[,…]` | `GANTRY_NATS`               | `nats://127.0.0.1:4222`          |
 * | `--nats-creds F` | `GANTRY_NATS_CREDS`         | none                             |
 * | `--nats-user U`  | `GANTRY_NATS_USER`          | none                             |
 * | `--nats-pass P`  | `GANTRY_NATS_PASS`          | none                             |
 * | `--bucket B`     | `GANTRY_CONFIG_BUCKET`      | `gantry-config` (advanced)       |
 * | `--audit-stream` | `GANTRY_AUDIT_STREAM`       | `GANTRY_AUDIT` (advanced)        |
 * | `--subject-root` | `GANTRY_SUBJECT_ROOT`       | `gantry` (advanced)              |
 *
 * The advanced three let several fleets (or test runs) share one NATS server: the subject root
 * prefixes node status (`<root>.node.<id>.status`) and audit subjects (`<root>.audit.<kind>`).
 */
import { userInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectBus, defaultNatsServer, type BusOptions } from '../../bus/connection.js';
import { defaultConfigBucket } from '../../bus/config/config-bucket.js';
import { CliError, UsageError, stringFlag, type FlagValues } from './cli-args.js';

/** Flag definitions for `parseVerbArgs`. */
export const natsFlagOptions = {
  nats: { type: 'string' },
  'nats-creds': { type: 'string' },
  'nats-user': { type: 'string' },
  'nats-pass': { type: 'string' },
  bucket: { type: 'string' },
  'audit-stream': { type: 'string' },
  'subject-root': { type: 'string' },
} as const;

/** The line each verb's usage ends with: the flags themselves are listed once, in {@link natsFlagsHelp}. */
export const natsFlagsUsage = '  Takes the NATS flags (see "gantry help").';

/** The shared flags, listed once at the end of `gantry help`. */
export const natsFlagsHelp = `NATS flags (every verb that talks to NATS):
  --nats URL[,URL]     servers (env GANTRY_NATS; default ${defaultNatsServer})
  --nats-creds FILE    a .creds file (env GANTRY_NATS_CREDS), or
  --nats-user U --nats-pass P   (env GANTRY_NATS_USER, GANTRY_NATS_PASS)
  Advanced, to share one server between fleets or test runs:
  --bucket NAME        config KV bucket (env GANTRY_CONFIG_BUCKET; default gantry-config)
  --audit-stream NAME  audit stream (env GANTRY_AUDIT_STREAM; default GANTRY_AUDIT)
  --subject-root ROOT  status and audit subject root (env GANTRY_SUBJECT_ROOT; default gantry)`;

/** Where a verb finds the control plane, resolved from flags, environment and defaults. */
export interface NatsTargets {
  /** Servers and auth for `connectBus`. */
  readonly bus: Pick<BusOptions, 'servers' | 'user' | 'pass' | 'credsFile'>;
  /** Config KV bucket. */
  readonly bucket: string;
  /** Audit stream name. */
  readonly auditStream: string;
  /** Root of node-status subjects. */
  readonly subjectRoot: string;
  /** Audit subject prefix: `<subjectRoot>.audit`. */
  readonly auditPrefix: string;
}

const TOKENS = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const NAME = /^[A-Za-z0-9_-]+$/;

function flagOrEnv(flags: FlagValues, flag: string, env: string): string | undefined {
  const value = stringFlag(flags[flag]) ?? process.env[env];
  return value === undefined || value === '' ? undefined : value;
}

/** Resolves the shared flags; rules that span flags are usage errors naming both. */
export function natsTargets(flags: FlagValues): NatsTargets {
  const servers = (flagOrEnv(flags, 'nats', 'GANTRY_NATS') ?? defaultNatsServer).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw new UsageError('--nats names no server');
  const credsFile = flagOrEnv(flags, 'nats-creds', 'GANTRY_NATS_CREDS') ?? '';
  const user = flagOrEnv(flags, 'nats-user', 'GANTRY_NATS_USER') ?? '';
  const pass = flagOrEnv(flags, 'nats-pass', 'GANTRY_NATS_PASS') ?? '';
  if (credsFile !== '' && user !== '') throw new UsageError('--nats-creds and --nats-user are exclusive: give one way to authenticate');
  if (pass !== '' && user === '') throw new UsageError('--nats-pass needs --nats-user');
  const bucket = flagOrEnv(flags, 'bucket', 'GANTRY_CONFIG_BUCKET') ?? defaultConfigBucket;
  if (!NAME.test(bucket)) throw new UsageError(`--bucket must be letters, digits, '-' or '_', got "${bucket}"`);
  const auditStream = flagOrEnv(flags, 'audit-stream', 'GANTRY_AUDIT_STREAM') ?? 'GANTRY_AUDIT';
  if (!NAME.test(auditStream)) throw new UsageError(`--audit-stream must be letters, digits, '-' or '_', got "${auditStream}"`);
  const subjectRoot = flagOrEnv(flags, 'subject-root', 'GANTRY_SUBJECT_ROOT') ?? 'gantry';
  if (!TOKENS.test(subjectRoot)) throw new UsageError(`--subject-root must be dot-separated tokens of letters, digits, '-' or '_', got "${subjectRoot}"`);
  return { bus: { servers, user, pass, credsFile }, bucket, auditStream, subjectRoot, auditPrefix: `${subjectRoot}.audit` };
}

/**
 * Opens a CLI connection: fails at once when no server answers (a person is waiting), but rides
 * out a short blip later (`audit tail --follow`). The error names the servers tried.
 */
export async function connectCli(targets: NatsTargets, name = 'gantry-cli'): Promise<NatsConnection> {
  try {
    return await connectBus({ ...targets.bus, name, maxReconnectAttempts: 10, reconnectTimeWaitMs: 1000, connectTimeoutMs: 5000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot reach NATS at ${targets.bus.servers.join(', ')}: ${reason}`);
  }
}

/** Opens a connection, runs `work`, and closes the connection whatever happens. */
export async function withBus<T>(targets: NatsTargets, work: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connectCli(targets);
  try {
    return await work(nc);
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** The `name` claim of the user JWT in a `.creds` file, if it can be read. */
function credsUserName(path: string): string | undefined {
  try {
    const jwt = /-----BEGIN NATS USER JWT-----\s*([^\s-][^\s]*)\s*-+END/.exec(readFileSync(path, 'utf8'))?.[1];
    const payload = jwt?.split('.')[1];
    if (payload === undefined) return undefined;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const name = (claims as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Who is acting, for change sets and audit events: the NATS user, else the login name. */
export function cliActor(targets: NatsTargets): string {
  if (targets.bus.user !== '') return targets.bus.user;
  if (targets.bus.credsFile !== '') {
    const name = credsUserName(targets.bus.credsFile);
    if (name !== undefined) return name;
  }
  const fromEnv = process.env.USER ?? process.env.USERNAME;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
