/**
 * The node's one admin port when it runs workers, in the primary: it lives as long as the node
 * (a worker's death does not take it away), answers the probes and `/metrics` for the whole node,
 * and forwards every other admin route to a worker's own loopback admin listener, where tokens,
 * roles and audit apply as in a single process. Log controls go to every worker.
 */
import type { AddressInfo } from 'node:net';
import fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { request as httpRequest } from 'undici';
import { installAdminAccess, type AdminTokenTable } from '../../core/server/admin-auth.js';
import type { WorkerRow } from './worker-pool.js';

/** A worker's private admin listener. */
export interface AdminTarget {
  readonly host: string;
  readonly port: number;
}

/** What the primary's admin port reads. */
export interface PrimaryAdminDeps {
  readonly nodeId: string;
  readonly tokens: AdminTokenTable;
  readonly workers: () => readonly WorkerRow[];
  /** The rows with the calls each worker answered so far (asks the workers). */
  readonly workerCalls: () => Promise<readonly (WorkerRow & { readonly calls: number })[]>;
  readonly draining: () => boolean;
  /** The node's metrics text, all workers aggregated. */
  readonly metricsText: () => Promise<string>;
  readonly metricsContentType: string;
  /** Private admin listeners of the ready workers, lowest slot first. */
  readonly targets: () => readonly AdminTarget[];
}

/** Routes that change a worker's process state: every worker must get them, not one. */
const TO_EVERY_WORKER = new Set(['/gantry/logs/reopen', '/gantry/tool/set-log-level']);
/** Hop-by-hop and length headers are the forwarding hop's own business. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/** The common revision when every worker serves the same one, else null. */
export function commonRevision(rows: readonly WorkerRow[]): number | null {
  const first = rows[0]?.revision ?? null;
  return rows.every((row) => row.revision === first) ? first : null;
}

/**
 * | state                                   | /readyz | reason                 |
 * |-----------------------------------------|---------|------------------------|
 * | draining                                | 503     | draining               |
 * | a worker missing or not ready           | 503     | workers not ready: ids |
 * | all ready                               | 200     | serving                |
 */
export function nodeReadiness(rows: readonly WorkerRow[], draining: boolean): { ready: boolean; reason: string } {
  if (draining) return { ready: false, reason: 'draining' };
  const notReady = rows.filter((row) => !row.ready).map((row) => row.id);
  if (notReady.length > 0) return { ready: false, reason: `workers not ready: ${notReady.join(',')}` };
  return { ready: true, reason: 'serving' };
}

async function forward(target: AdminTarget, request: FastifyRequest): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined;
  const response = await httpRequest(`http://${host}:${target.port}${request.url}`, { method: request.method as 'GET', headers, body });
  const answer: Record<string, string> = {};
  for (const name of ['content-type', 'www-authenticate']) {
    const value = response.headers[name];
    if (typeof value === 'string') answer[name] = value;
  }
  return { status: response.statusCode, headers: answer, body: Buffer.from(await response.body.arrayBuffer()) };
}

async function forwardRoute(deps: PrimaryAdminDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const targets = deps.targets();
  const path = request.url.split('?')[0] ?? '';
  const chosen = TO_EVERY_WORKER.has(path) ? targets : targets.slice(0, 1);
  if (chosen.length === 0) return reply.code(503).send({ error: 'no worker is ready to answer' });
  const answers = await Promise.all(chosen.map((target) => forward(target, request)));
  // Every worker got the same request; the first answer stands for all (they only differ on failure).
  const answer = answers.find((a) => a.status >= 400) ?? answers[0];
  if (answer === undefined) return reply.code(503).send({ error: 'no worker answered' });
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}

/** Starts the admin listener; `close` stops it. */
export async function startPrimaryAdmin(deps: PrimaryAdminDeps, host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const app = fastify({ logger: false });
  // Bodies are forwarded as they came; the worker parses and checks them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // Refusals are audited by the worker for the routes it answers; the primary's own are reads.
  installAdminAccess(app, deps.tokens, () => undefined);
  app.get('/healthz', { config: { adminAccess: 'public' } }, async () => ({
    status: 'UP',
    nodeId: deps.nodeId,
    workers: deps.workers().filter((row) => row.pid !== null).length,
  }));
  app.get('/readyz', { config: { adminAccess: 'public' } }, async (_request, reply) => {
    const rows = deps.workers();
    const { ready, reason } = nodeReadiness(rows, deps.draining());
    return reply.code(ready ? 200 : 503).send({ ready, reason, revision: commonRevision(rows), workers: rows });
  });
  app.get('/metrics', async (_request, reply) => reply.type(deps.metricsContentType).send(await deps.metricsText()));
  app.get('/gantry/workers', async () => ({ revision: commonRevision(deps.workers()), workers: await deps.workerCalls() }));
  // The worker enforces tokens and roles on what it answers (and audits refusals).
  app.all('*', { config: { adminAccess: 'public' } }, (request, reply) => forwardRoute(deps, request, reply));
  await app.listen({ host, port });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}
