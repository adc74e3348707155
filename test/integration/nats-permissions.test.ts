/**
 * The example nats-server config (ops/nats/nats-server.conf) against the real v3 clients: for each
 * user and each operation of the bus, exactly the allowed ones work and every other one fails with a
 * permissions violation naming the refused subject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, KvWatchInclude, type KV } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { connect, PermissionViolationError, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { ensureAuditStream } from '../../bus/audit/audit-stream.js';
import { ensureConfigBucket } from '../../bus/config/config-bucket.js';
import { startGantryNats, type GantryNats, type GantryNatsUser } from './support/gantry-nats.js';

const USERS: readonly GantryNatsUser[] = ['ops', 'viewer', 'node'];
const STEP_MS = 5000;

interface Client {
  readonly nc: NatsConnection;
  /** Permission errors the server reported on this connection (plain publishes report nowhere else). */
  readonly violations: PermissionViolationError[];
}

const clients = new Map<GantryNatsUser, Client>();
let server: GantryNats;

function client(user: GantryNatsUser): Client {
  const found = clients.get(user);
  if (found === undefined) throw new Error(`no connection for ${user}`);
  return found;
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${STEP_MS} ms`)), STEP_MS); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The permissions violation behind an error: thrown as is (subscriptions) or as a request's cause. */
function violationOf(error: unknown): PermissionViolationError | undefined {
  if (error instanceof PermissionViolationError) return error;
  if (error instanceof Error && error.cause instanceof PermissionViolationError) return error.cause;
  return undefined;
}

const configKv = (nc: NatsConnection): Promise<KV> => new Kvm(jetstream(nc, { timeout: STEP_MS })).open('gantry-config');
const switchesKv = (nc: NatsConnection): Promise<KV> => new Kvm(jetstream(nc, { timeout: STEP_MS })).open('gantry-switches');

async function firstWatched(kv: KV, key: string): Promise<string> {
  const watcher = await kv.watch({ key });
  try {
    for await (const entry of watcher) return entry.string();
  } finally {
    watcher.stop();
  }
  throw new Error('watch ended without an entry');
}

/** The server refuses a subscription with -ERR before the PONG of the next flush. */
async function subscribed(nc: NatsConnection, subject: string): Promise<Subscription> {
  const sub = nc.subscribe(subject, { max: 1 });
  await nc.flush();
  await new Promise((resolve) => setImmediate(resolve));
  if (sub.isClosed()) {
    const closed = await sub.closed;
    throw closed instanceof Error ? closed : new Error(`subscription to ${subject} closed`);
  }
  return sub;
}

/** Publishes on core NATS and proves it by `listener` receiving it, or throws the violation. */
async function publishSeen(publisher: Client, listener: NatsConnection, subject: string): Promise<void> {
  const sub = await subscribed(listener, subject);
  publisher.nc.publish(subject, 'probe');
  await publisher.nc.flush();
  await new Promise((resolve) => setImmediate(resolve));
  const violation = publisher.violations.find((v) => v.subject === subject);
  if (violation !== undefined) {
    sub.unsubscribe();
    throw violation;
  }
  await withTimeout((async () => { for await (const _ of sub) return; })(), `${subject} delivery`);
}

interface Operation {
  readonly name: string;
  readonly allowed: readonly GantryNatsUser[];
  /** The subject the server names when it refuses. */
  readonly refused: RegExp;
  run(user: GantryNatsUser): Promise<unknown>;
  /** Proves, as ops, that a refused attempt by `user` left nothing behind. */
  unchanged?(user: GantryNatsUser): Promise<void>;
}

/** An ops view of the bus, for the `unchanged` checks. */
const opsJsm = async (): Promise<Awaited<ReturnType<typeof jetstreamManager>>> => jetstreamManager(client('ops').nc, { timeout: STEP_MS });

const operations: Operation[] = [
  {
    // Kvm.create only asks for stream info when the bucket exists, so the create request is sent
    // directly, with the bucket's own config (the server accepts an identical create as a no-op).
    name: 'create the config bucket', allowed: ['ops'], refused: /^\$JS\.API\.STREAM\.CREATE\.KV_gantry-config$/,
    run: async (u) => {
      const jsm = await jetstreamManager(client(u).nc, { timeout: STEP_MS });
      return jsm.streams.add((await jsm.streams.info('KV_gantry-config')).config);
    },
    unchanged: async () => expect((await (await opsJsm()).streams.info('KV_gantry-config')).config.max_msgs_per_subject).toBe(64),
  },
  {
    // The client reads the stream's config before updating it; a node may not even do that.
    name: 'update the audit stream', allowed: ['ops'], refused: /^\$JS\.API\.STREAM\.(UPDATE|INFO)\.GANTRY_AUDIT$/,
    run: async (u) => (await jetstreamManager(client(u).nc, { timeout: STEP_MS })).streams.update('GANTRY_AUDIT', { description: 'Gantry audit trail' }),
  },
  {
    name: 'delete a stream', allowed: [], refused: /^\$JS\.API\.STREAM\.DELETE\.KV_gantry-switches$/,
    run: async (u) => (await jetstreamManager(client(u).nc, { timeout: STEP_MS })).streams.delete('KV_gantry-switches'),
    unchanged: async () => expect((await (await opsJsm()).streams.info('KV_gantry-switches')).config.name).toBe('KV_gantry-switches'),
  },
  {
    name: 'put a config key', allowed: ['ops'], refused: /^\$KV\.gantry-config\.apis\.probe-\w+$/,
    run: async (u) => (await configKv(client(u).nc)).put(`apis.probe-${u}`, '{}'),
    unchanged: async (u) => expect(await (await configKv(client('ops').nc)).get(`apis.probe-${u}`)).toBeNull(),
  },
  {
    name: 'delete a config key', allowed: ['ops'], refused: /^\$KV\.gantry-config\.apis\.scratch-\w+$/,
    run: async (u) => (await configKv(client(u).nc)).delete(`apis.scratch-${u}`),
    unchanged: async (u) => expect((await (await configKv(client('ops').nc)).get(`apis.scratch-${u}`))?.operation).toBe('PUT'),
  },
  {
    name: 'set a switch', allowed: ['ops'], refused: /^\$KV\.gantry-switches\.probe-\w+$/,
    run: async (u) => (await switchesKv(client(u).nc)).put(`probe-${u}`, 'true'),
    unchanged: async (u) => expect(await (await switchesKv(client('ops').nc)).get(`probe-${u}`)).toBeNull(),
  },
  {
    name: 'get a config key', allowed: USERS, refused: /^$/,
    run: async (u) => expect((await (await configKv(client(u).nc)).get('apis.ping'))?.string()).toBe('{"v":1}'),
  },
  { name: 'watch the config bucket', allowed: USERS, refused: /^$/, run: async (u) => expect(await withTimeout(firstWatched(await configKv(client(u).nc), 'apis.ping'), 'watch')).toBe('{"v":1}') },
  { name: 'watch the switches bucket', allowed: USERS, refused: /^$/, run: async (u) => expect(await withTimeout(firstWatched(await switchesKv(client(u).nc), 'degrade.orders'), 'watch')).toBe('false') },
  {
    name: 'read the history of a key', allowed: USERS, refused: /^$/,
    run: async (u) => {
      let count = 0;
      for await (const _ of await (await configKv(client(u).nc)).history({ key: 'apis.ping' })) count++;
      expect(count).toBeGreaterThan(0);
    },
  },
  {
    // The first chunk is refused; the client then tries to purge what landed, and that refusal is the
    // one it reports. The last test checks that nothing landed.
    name: 'upload a plugin', allowed: ['ops'], refused: /^(\$O\.gantry-plugins\..+|\$JS\.API\.STREAM\.PURGE\.OBJ_gantry-plugins)$/,
    run: async (u) => (await new Objm(jetstream(client(u).nc, { timeout: STEP_MS })).open('gantry-plugins')).putBlob({ name: `probe-${u}@1.0.0` }, new Uint8Array([1, 2, 3])),
    unchanged: async (u) => {
      const store = await new Objm(client('ops').nc).open('gantry-plugins');
      expect(await store.info(`probe-${u}@1.0.0`)).toBeNull();
      // No chunk of the refused upload landed either: one chunk subject per stored (small) object.
      const chunks = (await (await opsJsm()).streams.info('OBJ_gantry-plugins', { subjects_filter: '$O.gantry-plugins.C.>' })).state.subjects ?? {};
      expect(Object.keys(chunks)).toHaveLength((await store.list()).length);
    },
  },
  {
    name: 'fetch a plugin', allowed: USERS, refused: /^$/,
    run: async (u) => {
      const store = await new Objm(jetstream(client(u).nc, { timeout: STEP_MS })).open('gantry-plugins');
      expect([...(await withTimeout(store.getBlob('rate-limit@1.0.0'), 'fetch')) ?? []]).toEqual([0, 97, 115, 109]);
    },
  },
  {
    name: 'publish an audit event', allowed: ['ops', 'node'], refused: /^gantry\.audit\.config\.applied-by-\w+$/,
    run: (u) => jetstream(client(u).nc, { timeout: STEP_MS }).publish(`gantry.audit.config.applied-by-${u}`, JSON.stringify({ actor: u })),
    unchanged: async (u) => expect((await (await opsJsm()).streams.info('GANTRY_AUDIT', { subjects_filter: `gantry.audit.config.applied-by-${u}` })).state.subjects).toBeUndefined(),
  },
  {
    name: 'read the audit stream', allowed: ['ops', 'viewer'], refused: /^\$JS\.API\.(STREAM\.INFO|CONSUMER\.CREATE)\.GANTRY_AUDIT/,
    run: async (u) => {
      const consumer = await jetstream(client(u).nc, { timeout: STEP_MS }).consumers.get('GANTRY_AUDIT');
      expect((await consumer.next({ expires: STEP_MS }))?.subject).toMatch(/^gantry\.audit\./);
    },
  },
  { name: 'publish node status', allowed: ['node'], refused: /^gantry\.node\.gw-1\.status$/, run: (u) => publishSeen(client(u), client('viewer').nc, 'gantry.node.gw-1.status') },
  { name: 'listen to node status', allowed: ['ops', 'viewer'], refused: /^gantry\.node\.gw-2\.status$/, run: (u) => publishSeen(client('node'), client(u).nc, 'gantry.node.gw-2.status') },
  {
    name: 'send a node command', allowed: ['ops'], refused: /^gantry\.node\.gw-1\.cmd$/,
    run: async (u) => expect((await client(u).nc.request('gantry.node.gw-1.cmd', '{"cmd":"status"}', { timeout: STEP_MS })).json()).toEqual({ ok: true }),
  },
  {
    name: 'ping the fleet', allowed: ['ops', 'viewer'], refused: /^gantry\.nodes\.ping$/,
    run: async (u) => expect((await client(u).nc.request('gantry.nodes.ping', '', { timeout: STEP_MS })).json()).toEqual({ id: 'gw-1' }),
  },
  {
    name: 'answer node commands', allowed: ['node'], refused: /^gantry\.node\.probe\.cmd$/,
    run: async (u) => {
      const sub = await subscribed(client(u).nc, 'gantry.node.probe.cmd');
      void (async () => { for await (const m of sub) m.respond('{"ok":true}'); })();
      expect((await client('ops').nc.request('gantry.node.probe.cmd', '{"cmd":"status"}', { timeout: STEP_MS })).json()).toEqual({ ok: true });
    },
  },
  {
    // allow_responses lets a user answer a request it received, not write to inboxes at will.
    name: 'publish to an inbox that asked nothing', allowed: [], refused: /^_INBOX\.unasked$/,
    run: (u) => publishSeen(client(u), client('ops').nc, '_INBOX.unasked'),
  },
];

describe('nats permissions of the example server config', () => {
  beforeAll(async () => {
    server = await startGantryNats();
    for (const user of USERS) {
      const nc = await server.connectAs(user);
      const violations: PermissionViolationError[] = [];
      void (async () => {
        for await (const status of nc.status()) if (status.type === 'error' && status.error instanceof PermissionViolationError) violations.push(status.error);
      })();
      clients.set(user, { nc, violations });
    }
    // What ops sets up before any node starts: buckets, streams, one value of each.
    const ops = client('ops').nc;
    const config = await ensureConfigBucket(ops);
    await config.put('apis.ping', '{"v":1}');
    for (const user of USERS) await config.put(`apis.scratch-${user}`, '{}');
    const switches = await new Kvm(ops).create('gantry-switches', { history: 5 });
    await switches.put('degrade.orders', 'false');
    const plugins = await new Objm(ops).create('gantry-plugins');
    await plugins.putBlob({ name: 'rate-limit@1.0.0' }, new Uint8Array([0, 97, 115, 109]));
    await ensureAuditStream(await jetstreamManager(ops));
    await jetstream(ops).publish('gantry.audit.config.apply', JSON.stringify({ actor: 'ops' }));
    // A node answering its commands and the fleet ping.
    const node = client('node').nc;
    node.subscribe('gantry.node.gw-1.cmd', { callback: (_error, m) => { m.respond('{"ok":true}'); } });
    node.subscribe('gantry.nodes.ping', { callback: (_error, m) => { m.respond('{"id":"gw-1"}'); } });
    await node.flush();
  });

  afterAll(async () => {
    for (const { nc } of clients.values()) await nc.close();
    await server?.stop();
  });

  it('nats permissions - a wrong password, or none, is refused at connect', async () => {
    await expect(server.connectAs('ops', 'not-the-password')).rejects.toMatchObject({ name: 'AuthorizationError' });
    await expect(connect({ servers: server.url, timeout: STEP_MS, maxReconnectAttempts: 0 })).rejects.toMatchObject({ name: 'AuthorizationError' });
  });

  const cases = operations.flatMap((operation) => USERS.map((user) => ({ operation, user, allowed: operation.allowed.includes(user) })));
  it.each(cases)('nats permissions - $user: $operation.name → allowed $allowed', async ({ operation, user, allowed }) => {
    const outcome = await operation.run(user).then(() => undefined, (error: unknown) => error);
    if (allowed) {
      expect(outcome, `${user} should be allowed to ${operation.name}`).toBeUndefined();
      return;
    }
    const violation = violationOf(outcome);
    expect(violation, `${user} should get a permissions violation for ${operation.name}, got ${String(outcome)}`).toBeInstanceOf(PermissionViolationError);
    expect(violation?.subject).toMatch(operation.refused);
    await operation.unchanged?.(user);
  });

  it('nats permissions - a node watch larger than the flow-control window completes (allow_responses)', async () => {
    // The server pauses a push consumer until the client answers its flow-control request; the
    // answer goes to a $JS.FC subject only allow_responses lets a node publish on.
    const config = await configKv(client('ops').nc);
    const value = 'x'.repeat(900 * 1024);
    for (let i = 0; i < 8; i++) await config.put(`big.v${i}`, value);
    const watcher = await (await configKv(client('node').nc)).watch({ key: 'big.>', include: KvWatchInclude.AllHistory });
    let received = 0;
    await withTimeout((async () => {
      for await (const _ of watcher) if (++received === 8) break;
    })(), 'large watch');
    watcher.stop();
    expect(received).toBe(8);
    expect(client('node').violations.filter((v) => v.subject.startsWith('$JS.FC.'))).toEqual([]);
  });
});
