/**
 * Write endpoints of the admin port, equal to the CLI's `apply`, `rollback` and `switch set`. Core
 * holds no bus client: the writes go to an injected {@link AdminWriteBackend} (the node wiring passes
 * the control plane's), after the document passed the very check a node runs (schema, meaning,
 * compile with the node's plugin catalog). Every attempt, whatever its outcome (the token check's
 * refusals included), is reported to `onAudit`; the actor is the token's name, `anonymous` without
 * a known token. Who may call them: admin-auth.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigIssue } from '../config/config-issue.js';
import { parseConfigText } from '../config/parse-config-text.js';
import { checkConfigDocument } from '../snapshot/check-config.js';
import type { PluginCatalog } from '../snapshot/plugin-catalog.js';
import type { SnapshotSummary } from '../snapshot/snapshot.js';
import { isSwitchError } from '../switches/switch-error.js';
import { parseSwitchScope } from '../switches/switch-scope.js';
import type { SwitchReader } from '../../sdk/plugin/plugin.js';
import { adminActorOf, type AdminAccessRefusal, type AdminTokenTable } from './admin-auth.js';

/** Who made a write and why; both land in the audit stream. */
export interface AdminWriteMeta {
  /** Name of the admin token used. */
  readonly actor: string;
  readonly reason: string;
}

/**
 * Where the admin port's writes go: the node wiring passes the control plane's writer (the same code
 * as the CLI's verbs). Throw {@link AdminWriteRefusedError} for a refusal the caller can act on.
 */
export interface AdminWriteBackend {
  /** Publishes a checked config document; returns the new revision and the keys it touched. */
  apply(document: unknown, meta: AdminWriteMeta): Promise<{ revision: number; changed: { added: string[]; changed: string[]; removed: string[] } }>;
  /** Restores the config committed at `toRevision` as a new revision. */
  rollback(toRevision: number, meta: AdminWriteMeta): Promise<{ revision: number }>;
  setSwitch(name: string, value: unknown, scope: string, meta: AdminWriteMeta): Promise<{ old: unknown; new: unknown }>;
}

/** The fleet writes, named as the audit stream's kinds. */
export type AdminWriteKind = 'config.apply' | 'config.rollback' | 'switch.set';

/** A write the backend refused for a reason the caller can fix (unknown revision, conflict, ...). */
export class AdminWriteRefusedError extends Error {
  constructor(
    /** HTTP status to answer: 400, 404 or 409. */
    readonly status: 400 | 404 | 409,
    /** Stable code to branch on, e.g. `unknown-revision`. */
    readonly code: string,
    message: string,
    readonly issues: readonly ConfigIssue[] = [],
  ) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a fleet write: audited under this kind. */
    adminWrite?: AdminWriteKind;
  }
}

/** How an attempt ended, as the audit records it. */
export type AdminWriteOutcome = 'done' | 'dry-run' | 'unauthenticated' | 'forbidden' | 'disabled' | 'unavailable' | 'invalid' | 'failed';

/** One attempt at a fleet write through the admin port, for the audit stream. */
export interface AdminAuditEvent {
  readonly kind: AdminWriteKind;
  readonly outcome: AdminWriteOutcome;
  /** HTTP status answered. */
  readonly status: number;
  /** Name of the token used; `anonymous` when there was none or it matched no holder. */
  readonly actor: string;
  /** What the write is about: `config`, or the switch name. */
  readonly key: string;
  readonly remoteAddress: string;
  /** ISO time the answer was decided. */
  readonly time: string;
  readonly reason?: string;
  /** Why it was refused or failed (issues in one line). */
  readonly detail?: string;
  /** Apply: the revision written. Rollback: the revision restored (the new one is `new.revision`). */
  readonly revision?: number;
  readonly old?: unknown;
  readonly new?: unknown;
}

/** What the write routes and the token check need; built by the gateway. */
export interface AdminWriteDeps {
  /** Compiled tokens; with none, read endpoints stay open and fleet writes are disabled. */
  readonly tokens: AdminTokenTable;
  /** Where writes go; undefined on a node without a control plane (writes answer 503). */
  readonly backend: AdminWriteBackend | undefined;
  /** The node's plugins, so plugin configs are checked as the node will. */
  readonly catalog: PluginCatalog;
  readonly switches: SwitchReader;
  readonly onAudit: (event: AdminAuditEvent) => void;
}

type AuditFields = Partial<Pick<AdminAuditEvent, 'reason' | 'detail' | 'revision' | 'old' | 'new'>>;

const WRITE_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const BODY_TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const REVISION = /^[1-9][0-9]{0,14}$/;

function keyOf(request: FastifyRequest): string {
  const params = request.params as { name?: unknown } | undefined;
  return typeof params?.name === 'string' ? params.name : 'config';
}

function report(deps: AdminWriteDeps, request: FastifyRequest, outcome: AdminWriteOutcome, status: number, fields: AuditFields = {}): void {
  const kind = request.routeOptions.config.adminWrite;
  if (kind === undefined) return;
  const event: AdminAuditEvent = {
    kind, outcome, status, actor: adminActorOf(request) ?? 'anonymous', key: keyOf(request),
    remoteAddress: request.ip, time: new Date().toISOString(), ...fields,
  };
  try {
    deps.onAudit(event);
  } catch {
    // An audit sink that throws must not turn a decided answer into a 500; the sink owns its errors.
  }
}

function refuse(deps: AdminWriteDeps, request: FastifyRequest, reply: FastifyReply, outcome: AdminWriteOutcome, status: number, body: Record<string, unknown>, fields: AuditFields = {}): FastifyReply {
  report(deps, request, outcome, status, { ...fields, detail: String(body.error) });
  return reply.code(status).send(body);
}

/** The token check's refusals of fleet writes, for the audit (see `installAdminAccess`). */
export function auditAccessRefusal(deps: AdminWriteDeps): (request: FastifyRequest, refusal: AdminAccessRefusal) => void {
  return (request, refusal) => report(deps, request, refusal.outcome, refusal.status, { detail: refusal.error });
}

function bodyDocument(body: unknown): { ok: true; document: unknown } | { ok: false; issues: readonly ConfigIssue[] } {
  if (typeof body !== 'string' || body.trim() === '') {
    return { ok: false, issues: [{ path: '', message: 'the body must be a document: JSON, or YAML with Content-Type: application/yaml' }] };
  }
  return parseConfigText(body, 'request body');
}

/**
 * Parses a request body (JSON or YAML) and checks the document as a node will before any write
 * (`checkConfigDocument`: schema, meaning, and a compile with the node's plugin catalog).
 */
export async function checkConfigBody(body: unknown, deps: Pick<AdminWriteDeps, 'catalog' | 'switches'>): Promise<{ ok: true; document: unknown; summary: SnapshotSummary } | { ok: false; issues: readonly ConfigIssue[] }> {
  const parsed = bodyDocument(body);
  if (!parsed.ok) return parsed;
  const checked = await checkConfigDocument(parsed.document, deps.catalog, { switches: deps.switches });
  return checked.ok ? { ok: true, document: parsed.document, summary: checked.summary } : checked;
}

const SWITCH_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const SWITCH_FIELDS = new Set(['value', 'scope', 'reason']);
const MAX_SWITCH_VALUE_BYTES = 64 * 1024;

function scopeProblem(scope: unknown): string | undefined {
  if (typeof scope !== 'string') return 'must be a string: global, group:GROUP, api:GROUP/API or node:ID';
  try {
    parseSwitchScope(scope);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Checks the envelope of a switch write `{ value, scope?, reason }` (scope defaults to `global`,
 * read by the switches' own scope parser). The value itself is checked against the switch's
 * definition by the backend's writer, the validator every node uses; its SwitchError comes back 400.
 */
export function checkSwitchWrite(name: string, body: unknown): { ok: true; write: { value: unknown; scope: string; reason: string } } | { ok: false; issues: readonly ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  if (name.length > 128 || !SWITCH_NAME.test(name)) issues.push({ path: 'name', message: 'must be dot-separated tokens of letters, digits, _ and - (at most 128 characters)' });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, issues: [...issues, { path: '', message: 'must be an object { value, scope, reason }' }] };
  const { value, scope = 'global', reason } = body as Record<string, unknown>;
  for (const field of Object.keys(body)) if (!SWITCH_FIELDS.has(field)) issues.push({ path: field, message: 'unknown field (fields: value, scope, reason)' });
  if (value === undefined) issues.push({ path: 'value', message: 'is required' });
  else if (Buffer.byteLength(JSON.stringify(value)) > MAX_SWITCH_VALUE_BYTES) issues.push({ path: 'value', message: `must be at most ${MAX_SWITCH_VALUE_BYTES} bytes of JSON` });
  const badScope = scopeProblem(scope);
  if (badScope !== undefined) issues.push({ path: 'scope', message: badScope });
  if (typeof reason !== 'string' || reason.trim() === '') issues.push({ path: 'reason', message: 'is required' });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, write: { value, scope: scope as string, reason: (reason as string).trim() } };
}

function reasonOf(request: FastifyRequest): string | undefined {
  const reason = (request.query as { reason?: unknown }).reason ?? request.headers['x-gantry-reason'];
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : undefined;
}

function oneLine(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ');
}

const REASON_REQUIRED = { error: 'a reason is required: ?reason=... or the X-Gantry-Reason header' };

/**
 * Hands a checked write to the backend and answers: its result on success (audited as done), the
 * status it chose for a refusal it explains, else 503 (the control plane failed), audited likewise.
 */
async function commitWrite<T>(
  deps: AdminWriteDeps, request: FastifyRequest, reply: FastifyReply, attempt: { reason: string } & AuditFields,
  run: (backend: AdminWriteBackend, meta: AdminWriteMeta) => Promise<T>,
  answer: (result: T) => { audit: AuditFields; body: Record<string, unknown> },
): Promise<unknown> {
  const backend = deps.backend;
  if (backend === undefined) return refuse(deps, request, reply, 'unavailable', 503, { error: 'this node has no control-plane writer (it runs without the bus)' }, attempt);
  let result: T;
  try {
    result = await run(backend, { actor: adminActorOf(request) ?? 'anonymous', reason: attempt.reason });
  } catch (error) {
    if (error instanceof AdminWriteRefusedError) {
      const issues = error.issues.length > 0 ? { issues: error.issues } : {};
      return refuse(deps, request, reply, 'invalid', error.status, { error: error.message, code: error.code, ...issues }, attempt);
    }
    if (isSwitchError(error)) return refuse(deps, request, reply, 'invalid', 400, { error: error.message, code: error.code }, attempt);
    const message = error instanceof Error ? error.message : String(error);
    return refuse(deps, request, reply, 'failed', 503, { error: `the control plane did not take the write: ${message}` }, attempt);
  }
  const { audit, body } = answer(result);
  report(deps, request, 'done', 200, { ...attempt, ...audit });
  return body;
}

/** The three fleet writes, in a scope of their own that reads bodies as text (JSON or YAML). */
export async function registerAdminWriteRoutes(app: FastifyInstance, deps: AdminWriteDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(BODY_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // Unsupported media types, oversized bodies: refused before a handler runs, audited all the same.
    scope.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
      return refuse(deps, request, reply, status < 500 ? 'invalid' : 'failed', status, { error: error.message ?? 'request failed' });
    });

    scope.post<{ Querystring: { dryRun?: string } }>('/gantry/config/apply', {
      config: { adminAccess: 'fleet-write', adminWrite: 'config.apply' }, bodyLimit: WRITE_BODY_LIMIT_BYTES,
    }, async (request, reply) => {
      const checked = await checkConfigBody(request.body, deps);
      const reason = reasonOf(request);
      if (!checked.ok) return refuse(deps, request, reply, 'invalid', 400, { error: `config refused: ${oneLine(checked.issues)}`, issues: checked.issues }, { reason });
      if (request.query.dryRun === 'true' || request.query.dryRun === '1') {
        report(deps, request, 'dry-run', 200, { reason });
        return { dryRun: true, valid: true, summary: checked.summary };
      }
      if (reason === undefined) return refuse(deps, request, reply, 'invalid', 400, REASON_REQUIRED);
      return commitWrite(deps, request, reply, { reason }, (backend, meta) => backend.apply(checked.document, meta), ({ revision, changed }) => ({
        audit: { revision, new: changed }, body: { revision, changed },
      }));
    });

    scope.post<{ Querystring: { to?: string } }>('/gantry/config/rollback', {
      config: { adminAccess: 'fleet-write', adminWrite: 'config.rollback' },
    }, async (request, reply) => {
      const to = request.query.to ?? '';
      if (!REVISION.test(to)) return refuse(deps, request, reply, 'invalid', 400, { error: 'to must be a revision number: ?to=REV' });
      const target = Number(to);
      const reason = reasonOf(request);
      if (reason === undefined) return refuse(deps, request, reply, 'invalid', 400, REASON_REQUIRED, { revision: target });
      return commitWrite(deps, request, reply, { reason, revision: target }, (backend, meta) => backend.rollback(target, meta), ({ revision }) => ({
        audit: { new: { revision } }, body: { revision, rolledBackTo: target },
      }));
    });

    scope.post<{ Params: { name: string } }>('/gantry/switches/:name', {
      config: { adminAccess: 'fleet-write', adminWrite: 'switch.set' },
    }, async (request, reply) => {
      const { name } = request.params;
      const parsed = bodyDocument(request.body);
      const checked = parsed.ok ? checkSwitchWrite(name, parsed.document) : parsed;
      if (!checked.ok) return refuse(deps, request, reply, 'invalid', 400, { error: `switch refused: ${oneLine(checked.issues)}`, issues: checked.issues });
      const { value, scope: switchScope, reason } = checked.write;
      return commitWrite(deps, request, reply, { reason, new: value }, (backend, meta) => backend.setSwitch(name, value, switchScope, meta), (changed) => ({
        audit: { old: changed.old, new: changed.new }, body: { name, scope: switchScope, old: changed.old, new: changed.new },
      }));
    });
  });
}
