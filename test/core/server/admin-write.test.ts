import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashAdminToken, type AdminToken } from '../../../core/server/admin-auth.js';
import { AdminWriteRefusedError, type AdminAuditEvent, type AdminWriteBackend, type AdminWriteMeta } from '../../../core/server/admin-write-routes.js';
import { SwitchError } from '../../../core/switches/switch-error.js';
import { Type, definePlugin } from '../../../sdk/index.js';
import { baseConfig, startTestGateway, type TestGateway } from '../../support/gateway-harness.js';
import { call, type CallResult } from '../pipeline/gateway-calls.js';

const WRITE_TOKEN = 'alice-write-token-0001';
const READ_TOKEN = 'bob-read-token-000001';
const TOKENS: AdminToken[] = [
  { name: 'alice', token: WRITE_TOKEN, role: 'write' },
  // The hash form: the file need not hold the secret.
  { name: 'bob', token: hashAdminToken(READ_TOKEN), role: 'read' },
];

const limited = definePlugin({
  name: 'limited', version: '1.0.0', priority: 1,
  schema: Type.Object({ max: Type.Integer({ minimum: 1 }) }),
  create: () => ({}),
});

type Call = { op: 'apply'; document: unknown; meta: AdminWriteMeta } | { op: 'rollback'; to: number; meta: AdminWriteMeta } | { op: 'switch'; name: string; value: unknown; scope: string; meta: AdminWriteMeta };

/** Records calls; `failWith` makes the next call throw it. */
class FakeBackend implements AdminWriteBackend {
  readonly calls: Call[] = [];
  failWith: Error | undefined;

  private take(entry: Call): void {
    this.calls.push(entry);
    const failure = this.failWith;
    this.failWith = undefined;
    if (failure !== undefined) throw failure;
  }

  async apply(document: unknown, meta: AdminWriteMeta): Promise<{ revision: number; changed: { added: string[]; changed: string[]; removed: string[] } }> {
    this.take({ op: 'apply', document, meta });
    return { revision: 7, changed: { added: ['apis/g/ping'], changed: [], removed: [] } };
  }

  async rollback(to: number, meta: AdminWriteMeta): Promise<{ revision: number }> {
    this.take({ op: 'rollback', to, meta });
    return { revision: 8 };
  }

  async setSwitch(name: string, value: unknown, scope: string, meta: AdminWriteMeta): Promise<{ old: unknown; new: unknown }> {
    this.take({ op: 'switch', name, value, scope, meta });
    return { old: false, new: value };
  }
}

const pingApi = { name: 'ping', group: 'g', match: { path: '/ping', type: 'exact' }, backend: { protocol: 'mock', body: 'pong' } };
const goodDocument = baseConfig({ apis: [pingApi] });

function post(gw: TestGateway, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<CallResult> {
  const type: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  return call(gw.adminUrl, path, { method: 'POST', body, headers: { ...type, ...headers } });
}

const asAlice = { authorization: `Bearer ${WRITE_TOKEN}` };
const asBob = { authorization: `Bearer ${READ_TOKEN}` };

describe('admin write endpoints with tokens', () => {
  const backend = new FakeBackend();
  const audit: AdminAuditEvent[] = [];
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway(goodDocument, [limited], { adminTokens: TOKENS, adminWrites: backend, onAdminAudit: (event) => audit.push(event) });
  });
  afterAll(async () => {
    await gw.stop();
  });
  beforeEach(() => {
    backend.calls.length = 0;
    audit.length = 0;
  });

  it('admin auth - health and readiness probes need no token', async () => {
    expect((await call(gw.adminUrl, '/healthz')).status).toBe(200);
    expect((await call(gw.adminUrl, '/readyz')).status).toBe(200);
  });

  it('admin auth - a read endpoint without a token is 401 with a Bearer challenge', async () => {
    const answer = await call(gw.adminUrl, '/gantry/config');
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="gantry-admin"');
    expect((await call(gw.adminUrl, '/metrics')).status).toBe(401);
  });

  it('admin auth - unknown paths need a token too, so the port cannot be probed', async () => {
    expect((await call(gw.adminUrl, '/gantry/nope')).status).toBe(401);
    expect((await call(gw.adminUrl, '/gantry/nope', { headers: asBob })).status).toBe(404);
  });

  it('admin auth - a read token (stored as its sha256) reads the config', async () => {
    const answer = await call(gw.adminUrl, '/gantry/config', { headers: asBob });
    expect(answer.status).toBe(200);
    expect(answer.json<{ revision: number }>().revision).toBe(1);
  });

  it('admin auth - node controls need the write role once tokens exist', async () => {
    expect((await call(gw.adminUrl, '/gantry/tool/set-log-level?level=info', { headers: asBob })).status).toBe(403);
    expect((await call(gw.adminUrl, '/gantry/tool/set-log-level?level=info', { headers: asAlice })).status).toBe(200);
  });

  it('admin write - apply without a token is 401, audited, and never reaches the backend', async () => {
    const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(goodDocument));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="gantry-admin"');
    expect(backend.calls).toEqual([]);
    expect(audit).toMatchObject([{ kind: 'config.apply', outcome: 'unauthenticated', status: 401, actor: 'anonymous', key: 'config' }]);
  });

  it('admin write - an unknown token is 401 with error="invalid_token"', async () => {
    const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(goodDocument), { authorization: 'Bearer not-a-known-token-at-all' });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(backend.calls).toEqual([]);
    expect(audit[0]).toMatchObject({ outcome: 'unauthenticated', actor: 'anonymous' });
  });

  it('admin write - a read token on a write endpoint is 403, audited with its name', async () => {
    const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(goodDocument), asBob);
    expect(answer.status).toBe(403);
    expect(answer.json<{ error: string }>().error).toContain('role write');
    expect(backend.calls).toEqual([]);
    expect(audit).toMatchObject([{ kind: 'config.apply', outcome: 'forbidden', status: 403, actor: 'bob' }]);
  });

  it('admin write - a write token applies: the backend gets the document with actor and reason', async () => {
    const answer = await post(gw, '/gantry/config/apply?reason=add%20ping', JSON.stringify(goodDocument), asAlice);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ revision: 7, changed: { added: ['apis/g/ping'], changed: [], removed: [] } });
    expect(backend.calls).toEqual([{ op: 'apply', document: goodDocument, meta: { actor: 'alice', reason: 'add ping' } }]);
    expect(audit).toMatchObject([{ kind: 'config.apply', outcome: 'done', status: 200, actor: 'alice', reason: 'add ping', revision: 7, remoteAddress: '127.0.0.1' }]);
  });

  it('admin write - an invalid document is 400 naming the field path, and the backend is not called', async () => {
    const bad = baseConfig({ apis: [{ ...pingApi, match: { path: '/ping', type: 'fuzzy' } }] });
    const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(bad), asAlice);
    expect(answer.status).toBe(400);
    const body = answer.json<{ issues: { path: string; message: string }[] }>();
    expect(body.issues.map((issue) => issue.path)).toContain('apis[0](ping).match.type');
    expect(backend.calls).toEqual([]);
    expect(audit).toMatchObject([{ outcome: 'invalid', status: 400, actor: 'alice' }]);
    expect(audit[0]?.detail).toContain('apis[0](ping).match.type');
  });

  it('admin write - a plugin config is checked against the node catalog', async () => {
    const bad = baseConfig({ apis: [{ ...pingApi, plugins: [{ name: 'limited', config: { max: 0 } }] }] });
    const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(bad), asAlice);
    expect(answer.status).toBe(400);
    expect(answer.json<{ issues: { path: string }[] }>().issues.map((issue) => issue.path)).toContain('apis[0](ping).plugins[0](limited).config.max');
    const unknown = baseConfig({ apis: [{ ...pingApi, plugins: [{ name: 'nope' }] }] });
    const second = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(unknown), asAlice);
    expect(second.status).toBe(400);
    expect(second.text).toContain('unknown plugin');
    expect(backend.calls).toEqual([]);
  });

  it('admin write - a YAML body is accepted with Content-Type application/yaml', async () => {
    const yaml = ['version: 1', 'listen: { http: 0, admin: 0 }', 'groups:', '  - { name: g, default: true }', 'apis:',
      '  - name: ping', '    group: g', '    match: { path: /ping, type: exact }', '    backend: { protocol: mock, body: pong }'].join('\n');
    const answer = await post(gw, '/gantry/config/apply', yaml, { ...asAlice, 'content-type': 'application/yaml', 'x-gantry-reason': 'from yaml' });
    expect(answer.status).toBe(200);
    expect(backend.calls).toMatchObject([{ op: 'apply', document: { apis: [{ name: 'ping' }] }, meta: { reason: 'from yaml' } }]);
  });

  it('admin write - a dry run checks the document and writes nothing', async () => {
    const answer = await post(gw, '/gantry/config/apply?dryRun=true', JSON.stringify(goodDocument), asAlice);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ dryRun: true, valid: true, summary: { groups: 1, apis: 1, clusters: 0, bindings: 0 } });
    expect(backend.calls).toEqual([]);
    expect(audit).toMatchObject([{ outcome: 'dry-run', actor: 'alice' }]);
  });

  it('admin write - apply without a reason is 400', async () => {
    const answer = await post(gw, '/gantry/config/apply', JSON.stringify(goodDocument), asAlice);
    expect(answer.status).toBe(400);
    expect(answer.json<{ error: string }>().error).toContain('reason is required');
    expect(backend.calls).toEqual([]);
  });

  it('admin write - an unsupported body type is refused and audited', async () => {
    const answer = await post(gw, '/gantry/config/apply?reason=x', 'a=b', { ...asAlice, 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(415);
    expect(audit).toMatchObject([{ outcome: 'invalid', status: 415, actor: 'alice' }]);
  });

  it('admin write - rollback passes the revision; a bad revision is 400', async () => {
    const answer = await post(gw, '/gantry/config/rollback?to=3&reason=bad%20deploy', undefined, asAlice);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ revision: 8, rolledBackTo: 3 });
    expect(backend.calls).toEqual([{ op: 'rollback', to: 3, meta: { actor: 'alice', reason: 'bad deploy' } }]);
    expect(audit).toMatchObject([{ kind: 'config.rollback', outcome: 'done', revision: 3, new: { revision: 8 } }]);
    for (const to of ['', '0', '-1', 'abc']) {
      expect((await post(gw, `/gantry/config/rollback?to=${to}&reason=x`, undefined, asAlice)).status).toBe(400);
    }
    expect(backend.calls).toHaveLength(1);
  });

  it('admin write - a switch is set with value, scope and reason', async () => {
    const answer = await post(gw, '/gantry/switches/degrade.orders', JSON.stringify({ value: true, scope: 'group:g', reason: 'incident 42' }), asAlice);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ name: 'degrade.orders', scope: 'group:g', old: false, new: true });
    expect(backend.calls).toEqual([{ op: 'switch', name: 'degrade.orders', value: true, scope: 'group:g', meta: { actor: 'alice', reason: 'incident 42' } }]);
    expect(audit).toMatchObject([{ kind: 'switch.set', key: 'degrade.orders', outcome: 'done', old: false, new: true }]);
  });

  it('admin write - a switch scope is read by the switches parser; its value refusal comes back 400', async () => {
    const badScope = await post(gw, '/gantry/switches/degrade.orders', JSON.stringify({ value: true, scope: 'planet:mars', reason: 'x' }), asAlice);
    expect(badScope.status).toBe(400);
    expect(badScope.json<{ issues: { path: string; message: string }[] }>().issues).toMatchObject([{ path: 'scope', message: expect.stringContaining('a scope is global') }]);
    backend.failWith = new SwitchError('invalid-value', 'degrade.orders', 'global', 'must be a boolean');
    const badValue = await post(gw, '/gantry/switches/degrade.orders', JSON.stringify({ value: 'yes', reason: 'x' }), asAlice);
    expect(badValue.status).toBe(400);
    expect(badValue.json()).toMatchObject({ code: 'invalid-value', error: 'degrade.orders at global: must be a boolean' });
    expect(audit).toMatchObject([{ outcome: 'invalid', status: 400 }, { outcome: 'invalid', status: 400, new: 'yes' }]);
  });

  it('admin write - a switch without a reason or value is 400 naming the fields', async () => {
    const answer = await post(gw, '/gantry/switches/degrade', JSON.stringify({ scope: 'global' }), asAlice);
    expect(answer.status).toBe(400);
    expect(answer.json<{ issues: { path: string }[] }>().issues.map((issue) => issue.path)).toEqual(['value', 'reason']);
    expect(backend.calls).toEqual([]);
    expect(audit).toMatchObject([{ kind: 'switch.set', key: 'degrade', outcome: 'invalid' }]);
  });

  it('admin write - a backend refusal keeps its status; a backend failure is 503; both audited', async () => {
    backend.failWith = new AdminWriteRefusedError(404, 'unknown-revision', 'no revision 99 in the bucket history');
    const refused = await post(gw, '/gantry/config/rollback?to=99&reason=x', undefined, asAlice);
    expect(refused.status).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'unknown-revision' });
    backend.failWith = new Error('nats: timeout');
    const failed = await post(gw, '/gantry/switches/s1', JSON.stringify({ value: 1, reason: 'x' }), asAlice);
    expect(failed.status).toBe(503);
    expect(failed.json<{ error: string }>().error).toContain('nats: timeout');
    expect(audit).toMatchObject([{ outcome: 'invalid', status: 404, revision: 99 }, { outcome: 'failed', status: 503, key: 's1' }]);
  });
});

describe('admin write endpoints without tokens', () => {
  const backend = new FakeBackend();
  const audit: AdminAuditEvent[] = [];
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway(goodDocument, [], { adminWrites: backend, onAdminAudit: (event) => audit.push(event) });
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('admin write - with no tokens configured writes are disabled (403) and reads stay open', async () => {
    const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(goodDocument));
    expect(answer.status).toBe(403);
    expect(answer.json<{ error: string }>().error).toContain('--admin-tokens');
    const withToken = await post(gw, '/gantry/switches/s1', JSON.stringify({ value: 1, reason: 'x' }), asAlice);
    expect(withToken.status).toBe(403);
    expect(backend.calls).toEqual([]);
    expect(audit).toMatchObject([{ kind: 'config.apply', outcome: 'disabled' }, { kind: 'switch.set', outcome: 'disabled' }]);
    expect((await call(gw.adminUrl, '/gantry/config')).status).toBe(200);
    expect((await call(gw.adminUrl, '/gantry/tool/set-log-level?level=info')).status).toBe(200);
  });
});

describe('admin write endpoints without a backend', () => {
  it('admin write - a node without a control-plane writer answers 503 after the checks', async () => {
    const audit: AdminAuditEvent[] = [];
    const gw = await startTestGateway(goodDocument, [], { adminTokens: TOKENS, onAdminAudit: (event) => audit.push(event) });
    try {
      const answer = await post(gw, '/gantry/config/apply?reason=x', JSON.stringify(goodDocument), asAlice);
      expect(answer.status).toBe(503);
      expect(audit).toMatchObject([{ outcome: 'unavailable', actor: 'alice' }]);
      const dryRun = await post(gw, '/gantry/config/apply?dryRun=1', JSON.stringify(goodDocument), asAlice);
      expect(dryRun.status).toBe(200);
    } finally {
      await gw.stop();
    }
  });

  it('admin auth - a node refuses to start with an unusable tokens list', async () => {
    const start = startTestGateway(goodDocument, [], { adminTokens: [{ name: 'x', token: 'short', role: 'write' }] });
    await expect(start).rejects.toMatchObject({ code: 'GANTRY_ADMIN_TOKENS' });
  });
});
