import type { AddressInfo } from 'node:net';
import fastify, { type FastifyInstance } from 'fastify';
import { isLogLevel } from '../observe/log-level.js';
import type { GatewayLogs } from '../observe/gateway-logs.js';
import type { GatewayMetrics } from '../observe/gateway-metrics.js';
import type { SnapshotManager } from '../snapshot/snapshot-manager.js';
import { queryConfig, type ConfigQueryType } from './config-query.js';
import { installAdminAccess } from './admin-auth.js';
import { auditAccessRefusal, registerAdminWriteRoutes, type AdminWriteDeps } from './admin-write-routes.js';

/** What the admin port reads; all owned by the gateway. */
export interface AdminDeps {
  readonly snapshots: SnapshotManager;
  readonly metrics: GatewayMetrics;
  readonly logs: GatewayLogs;
  readonly nodeId: string;
  /** True while the node drains: readiness turns false first. */
  readonly draining: () => boolean;
  /** Tokens, the write backend and the audit sink of the admin write endpoints. */
  readonly writes: AdminWriteDeps;
}

const QUERY_TYPES = new Set<string>(['api', 'group', 'cluster']);

/**
 * The operations port: health, readiness, config queries, metrics, log controls and the fleet
 * writes (config apply/rollback, switches). It listens on its own address (loopback by default) so
 * that traffic ports never expose it. With admin tokens configured every route but the probes needs
 * a bearer token; log controls and writes need the write role (see admin-auth.ts).
 */
export async function startAdminServer(deps: AdminDeps, host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const app: FastifyInstance = fastify({ logger: false });
  installAdminAccess(app, deps.writes.tokens, auditAccessRefusal(deps.writes));
  app.get('/healthz', { config: { adminAccess: 'public' } }, async () => ({ status: 'UP', nodeId: deps.nodeId }));
  app.get('/readyz', { config: { adminAccess: 'public' } }, async (_request, reply) => {
    const ready = deps.snapshots.ready && !deps.draining();
    const reason = deps.draining() ? 'draining' : deps.snapshots.ready ? 'serving' : 'no config applied yet';
    return reply.code(ready ? 200 : 503).send({ ready, reason, revision: deps.snapshots.current.revision });
  });
  app.get('/gantry/config', async () => {
    const snapshot = deps.snapshots.current;
    return { revision: snapshot.revision, hash: snapshot.hash, appliedAt: new Date(snapshot.appliedAtMs).toISOString(), config: snapshot.config };
  });
  app.get<{ Querystring: { type?: string; name?: string } }>('/gantry/config/query', async (request, reply) => {
    const { type, name } = request.query;
    if (type === undefined || !QUERY_TYPES.has(type) || name === undefined || name === '') {
      return reply.code(400).send({ error: 'query needs type=api|group|cluster and name (for api: group|api)' });
    }
    const found = queryConfig(deps.snapshots.current, type as ConfigQueryType, name);
    if (found === undefined) return reply.code(404).send({ error: `no ${type} named ${name} in revision ${deps.snapshots.current.revision}` });
    return found;
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.contentType).send(text);
  });
  app.post('/gantry/logs/reopen', { config: { adminAccess: 'write' } }, async () => {
    deps.logs.reopenAll();
    return { reopened: true };
  });
  app.route<{ Querystring: { level?: string } }>({
    method: ['GET', 'POST'],
    url: '/gantry/tool/set-log-level',
    config: { adminAccess: 'write' },
    handler: async (request, reply) => {
      const level = request.query.level?.toLowerCase();
      if (level === undefined || !isLogLevel(level)) return reply.code(400).send({ error: 'level must be one of debug, info, warn, error' });
      deps.logs.setLevel(level);
      return { level };
    },
  });
  await registerAdminWriteRoutes(app, deps.writes);
  // Exclusive: in a `--workers` worker each admin listener is the worker's own (the primary forwards
  // to it), never a port shared through the primary; outside a cluster it changes nothing.
  await app.listen({ host, port, exclusive: true });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}
