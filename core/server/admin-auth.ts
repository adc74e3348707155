/**
 * Bearer tokens of the admin port: who may read and who may write. Tokens are loaded from a JSON or
 * YAML list (the `--admin-tokens FILE` flag, or the `GANTRY_ADMIN_TOKENS` variable holding the same
 * text) and compiled once into digests; a presented token is hashed and compared in constant time,
 * so neither a token nor the position of a match leaks through timing.
 *
 * Who may call a route (decision table, top row first), by the route's `config.adminAccess`:
 *
 * | access       | tokens configured | caller              | answer                      |
 * |--------------|-------------------|---------------------|-----------------------------|
 * | public       | any               | anyone              | served (/healthz, /readyz)  |
 * | fleet-write  | none              | anyone              | 403: writes disabled        |
 * | read, write  | none              | anyone              | served (loopback default)   |
 * | other        | some              | no or unknown token | 401 + WWW-Authenticate      |
 * | write, fleet-write | some        | read token          | 403                         |
 * | other        | some              | matching token      | served                      |
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatIssues } from '../config/config-issue.js';
import { parseConfigText } from '../config/parse-config-text.js';

/** `read` may call every read endpoint; `write` may also change config, switches and the node. */
export type AdminRole = 'read' | 'write';

/** One entry of the tokens file. */
export interface AdminToken {
  /** Who holds the token; it becomes the actor of audit events. `[A-Za-z0-9_.@-]`, 1–64 characters. */
  readonly name: string;
  /**
   * The token itself (at least 16 characters), or its SHA-256 as `sha256:<64 hex digits>` so that
   * the file need not hold the secret (`printf %s "$TOKEN" | sha256sum`).
   */
  readonly token: string;
  readonly role: AdminRole;
}

/** Tokens compiled for checking: a SHA-256 digest per holder. Empty when none are configured. */
export interface AdminTokenTable {
  readonly entries: readonly { readonly name: string; readonly role: AdminRole; readonly digest: Buffer }[];
}

/** Who is calling, as far as the `Authorization` header says. */
export type AdminCaller =
  | { readonly kind: 'token'; readonly name: string; readonly role: AdminRole }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown' };

/**
 * What a route needs: `public` (probes), `read` (the default), `write` (node controls: log level,
 * log reopen), `fleet-write` (config and switch writes: also disabled while no token is configured).
 */
export type AdminAccess = 'public' | 'read' | 'write' | 'fleet-write';

declare module 'fastify' {
  interface FastifyContextConfig {
    adminAccess?: AdminAccess;
  }
}

/** Why the token check turned a request away. */
export interface AdminAccessRefusal {
  readonly outcome: 'unauthenticated' | 'forbidden' | 'disabled';
  readonly status: 401 | 403;
  readonly error: string;
}

/** A tokens list that cannot be used; the message names the entry and field. */
export class AdminTokensError extends Error {
  readonly code = 'GANTRY_ADMIN_TOKENS';
}

const HASH_FORM = /^sha256:([0-9a-f]{64})$/i;
const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const MIN_TOKEN_LENGTH = 16;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The `sha256:<hex>` form of a token, for the tokens file. */
export function hashAdminToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

function digestOf(token: string): Buffer {
  const hashed = HASH_FORM.exec(token);
  return hashed?.[1] !== undefined ? Buffer.from(hashed[1], 'hex') : createHash('sha256').update(token, 'utf8').digest();
}

/** Checks one entry; returns what is wrong with it, or undefined. */
function entryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'must be an object with name, token and role';
  const { name, token, role, ...rest } = entry as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return `${extra[0]}: unknown field (fields: name, token, role)`;
  if (typeof name !== 'string' || !NAME.test(name)) return 'name: must be 1-64 characters of letters, digits, _ . @ -';
  if (role !== 'read' && role !== 'write') return 'role: must be "read" or "write"';
  if (typeof token !== 'string') return 'token: must be a string';
  if (token.toLowerCase().startsWith('sha256:') && !HASH_FORM.test(token)) return 'token: a sha256: token must be followed by 64 hex digits';
  if (!HASH_FORM.test(token) && token.length < MIN_TOKEN_LENGTH) return `token: must be at least ${MIN_TOKEN_LENGTH} characters (or its sha256: form)`;
  return undefined;
}

/**
 * Checks a tokens list and compiles it. Names must be unique (each is an audit actor) and so must
 * tokens (two holders of one token could not be told apart). Throws {@link AdminTokensError}.
 */
export function compileAdminTokens(tokens: readonly unknown[], origin = 'admin tokens'): AdminTokenTable {
  const entries: { name: string; role: AdminRole; digest: Buffer }[] = [];
  tokens.forEach((entry, index) => {
    const problem = entryProblem(entry);
    if (problem !== undefined) throw new AdminTokensError(`${origin}: [${index}]${labelOf(entry)}.${problem}`);
    const { name, token, role } = entry as AdminToken;
    const digest = digestOf(token);
    const clash = entries.find((other) => other.name === name || other.digest.equals(digest));
    if (clash !== undefined) {
      const what = clash.name === name ? `name "${name}"` : `token of "${clash.name}"`;
      throw new AdminTokensError(`${origin}: [${index}]${labelOf(entry)}: repeats the ${what}`);
    }
    entries.push({ name, role, digest });
  });
  return { entries };
}

function labelOf(entry: unknown): string {
  const name = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && NAME.test(name) ? `(${name})` : '';
}

/**
 * Identifies the caller from an `Authorization` header. Every entry is compared (no early exit),
 * each comparison in constant time over fixed-size digests.
 */
export function identifyAdminCaller(table: AdminTokenTable, authorization: string | undefined): AdminCaller {
  const presented = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (presented === undefined) return { kind: 'missing' };
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: { name: string; role: AdminRole } | undefined;
  for (const entry of table.entries) {
    if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry;
  }
  return found === undefined ? { kind: 'unknown' } : { kind: 'token', name: found.name, role: found.role };
}

/** Parses the text of a tokens list (a YAML or JSON array of {@link AdminToken}). */
export function parseAdminTokens(text: string, origin: string): AdminToken[] {
  // The config parser refuses what YAML would otherwise guess at (duplicate keys, tags, alias bombs).
  const parsed = parseConfigText(text, origin);
  if (!parsed.ok) throw new AdminTokensError(formatIssues(origin, parsed.issues));
  const document = parsed.document;
  if (!Array.isArray(document)) throw new AdminTokensError(`${origin}: must be a list of { name, token, role }`);
  // Compiling checks every entry, so a list that parses but would fail at start fails here instead.
  compileAdminTokens(document, origin);
  return document as AdminToken[];
}

/** Reads the tokens file named by `--admin-tokens FILE`. Throws {@link AdminTokensError}. */
export async function loadAdminTokens(path: string): Promise<AdminToken[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AdminTokensError(`cannot read admin tokens file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAdminTokens(text, basename(path));
}

/** The tokens list held by `GANTRY_ADMIN_TOKENS`, or undefined when the variable is unset or empty. */
export function adminTokensFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AdminToken[] | undefined {
  const text = env.GANTRY_ADMIN_TOKENS;
  if (text === undefined || text.trim() === '') return undefined;
  return parseAdminTokens(text, 'GANTRY_ADMIN_TOKENS');
}

const ACTORS = new WeakMap<FastifyRequest, string>();

/** Name of the token a request was let in with; undefined when it needed none. */
export function adminActorOf(request: FastifyRequest): string | undefined {
  return ACTORS.get(request);
}

/** Decides from the route's access and the caller (undefined while no token is configured). */
function refusalFor(access: AdminAccess, caller: AdminCaller | undefined): AdminAccessRefusal | undefined {
  if (caller === undefined) {
    return access === 'fleet-write'
      ? { outcome: 'disabled', status: 403, error: 'admin writes are disabled: no admin tokens are configured (start the node with --admin-tokens FILE)' }
      : undefined;
  }
  if (caller.kind === 'missing') return { outcome: 'unauthenticated', status: 401, error: 'a bearer token is required' };
  if (caller.kind === 'unknown') return { outcome: 'unauthenticated', status: 401, error: 'unknown bearer token' };
  if (access !== 'read' && caller.role !== 'write') {
    return { outcome: 'forbidden', status: 403, error: `token "${caller.name}" has role read; this endpoint needs role write` };
  }
  return undefined;
}

/**
 * Puts the token check in front of every route of `app` (call it before registering routes).
 * `onRefused` hears every refusal before it is answered (the audit of writes).
 */
export function installAdminAccess(app: FastifyInstance, table: AdminTokenTable, onRefused: (request: FastifyRequest, refusal: AdminAccessRefusal) => void): void {
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.adminAccess ?? 'read';
    if (access === 'public') return;
    const caller = table.entries.length === 0 ? undefined : identifyAdminCaller(table, request.headers.authorization);
    if (caller?.kind === 'token') ACTORS.set(request, caller.name);
    const refusal = refusalFor(access, caller);
    if (refusal === undefined) return;
    if (caller?.kind === 'missing') reply.header('www-authenticate', 'Bearer realm="gantry-admin"');
    if (caller?.kind === 'unknown') reply.header('www-authenticate', 'Bearer realm="gantry-admin", error="invalid_token"');
    onRefused(request, refusal);
    return reply.code(refusal.status).send({ error: refusal.error });
  });
}
