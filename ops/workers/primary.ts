/**
 * `gantry serve --workers N` (N > 1), the primary process: forks the workers (node:cluster — it owns
 * the shared HTTP listener and hands each connection to a worker), feeds them config (file mode),
 * supervises them, serves the node's admin port, and drains them all on SIGTERM/SIGINT.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { compileAdminTokens, type AdminToken } from '../../core/server/admin-auth.js';
import { formatIssues } from '../../core/config/config-issue.js';
import type { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { FileConfigFeed } from './file-config-feed.js';
import type { ConfigMessage, WorkerMessage } from './messages.js';
import { aggregateWorkerMetrics, callsOf } from './metrics-aggregation.js';
import { MetricsCollector } from './metrics-collector.js';
import { commonRevision, startPrimaryAdmin, type AdminTarget } from './primary-admin.js';
import { defaultRestartPolicyOptions, RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';
import { startPrimaryStatus, type PrimaryStatus, type PrimaryStatusOptions } from './primary-status.js';
import { WorkerPool } from './worker-pool.js';

/** Where workers get their config: the file the primary follows, or NATS each worker follows. */
export type WorkersConfigMode = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'nats'; readonly describe: string };

export interface PrimaryOptions {
  readonly workers: number;
  readonly nodeId: string;
  readonly mode: WorkersConfigMode;
  /** Plugins the file feed checks documents with (the workers' catalog). */
  readonly catalog: PluginCatalog;
  readonly adminTokens: readonly AdminToken[];
  /** `--admin-port`; else the config's `listen.admin` as the first worker reports it. */
  readonly adminPort: number | undefined;
  readonly restart: RestartPolicyOptions;
  /** How long the primary waits for draining workers before killing them (their config's drain timeout applies first). */
  readonly drainCapMs: number;
  /** NATS mode: where the node reports its status (with one entry per worker). */
  readonly status?: Omit<PrimaryStatusOptions, 'nodeId' | 'view' | 'drain' | 'log'>;
}

export function defaultPrimaryOptions(): Pick<PrimaryOptions, 'restart' | 'drainCapMs'> {
  return { restart: defaultRestartPolicyOptions(), drainCapMs: 120_000 };
}

function say(line: string): void {
  process.stdout.write(`gantry: ${line}\n`);
}

/** A loopback address for a private listener bound to a wildcard one. */
function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** Runs the primary until SIGTERM/SIGINT (exit 0) or until workers die past the restart budget (exit 1). */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  let feed: FileConfigFeed | undefined;
  let endNode: (code: number, reason: string) => void = () => undefined;
  const ended = new Promise<{ code: number; reason: string }>((resolve) => {
    let once = false;
    endNode = (code, reason) => {
      if (once) return;
      once = true;
      resolve({ code, reason });
    };
  });

  const registry = new Registry();
  const restarts = new Counter({ name: 'gantry_worker_restarts_total', help: 'Worker processes restarted by the primary after they died.', registers: [registry] });
  const readyWorkers = new Gauge({ name: 'gantry_workers_ready', help: 'Worker processes ready to serve, out of gantry_workers_configured.', registers: [registry] });
  const configured = new Gauge({ name: 'gantry_workers_configured', help: 'Worker processes the node runs (--workers).', registers: [registry] });
  configured.set(options.workers);

  let agreed: { revision: number | null; atMs: number | null } = { revision: null, atMs: null };
  let status: PrimaryStatus | undefined;
  const changed = (): void => {
    const rows = pool.rows();
    readyWorkers.set(rows.filter((row) => row.ready).length);
    const revision = commonRevision(rows);
    if (revision !== null && revision !== agreed.revision) agreed = { revision, atMs: Date.now() };
    status?.beatNow();
  };
  let allReady: () => void = () => undefined;
  const started = new Promise<void>((resolve) => { allReady = resolve; });
  const pool = new WorkerPool(options.workers, {
    message: (slot: number, message: WorkerMessage) => {
      if (message.type === 'gantry:config-request' && feed?.current !== undefined) pool.send(slot, feed.current);
      else if (message.type === 'gantry:metrics-response') collector.receive(slot, message);
      else if (message.type === 'gantry:worker-refused') say(`worker ${slot} refused config revision ${message.revision}: ${message.reason}`);
      else if (message.type === 'gantry:drain-request') endNode(0, `worker ${slot}: ${message.reason}`);
      else if (message.type === 'gantry:worker-state') {
        changed();
        if (pool.rows().every((row) => row.ready)) allReady();
      }
    },
    log: say,
    giveUp: (reason) => endNode(1, reason),
    restarting: () => restarts.inc(),
    exited: (slot) => {
      collector.forget(slot);
      changed();
    },
  }, new RestartPolicy(options.restart));
  const collector = new MetricsCollector(pool);

  if (options.mode.kind === 'file') {
    const path = options.mode.path;
    const theFeed = new FileConfigFeed(path, options.catalog, {
      // Before the workers exist (the first document) they ask for it when they start.
      accepted: (message: ConfigMessage) => {
        if (!pool.started) return;
        const reached = pool.broadcast(message);
        say(`config revision ${message.revision} from ${message.origin} sent to workers ${reached.join(',') || 'none'}`);
      },
      refused: (origin, issues) => say(`config refused, workers keep revision ${feed?.current?.revision ?? 0}:\n${formatIssues(origin, issues)}`),
    });
    feed = theFeed;
    const first = await theFeed.start();
    if (first.kind === 'refused') {
      await theFeed.close();
      process.stderr.write(`gantry: config refused, not starting:\n${formatIssues(first.origin, first.issues)}\n`);
      return 1;
    }
  }

  const onSignal = (signal: NodeJS.Signals): void => endNode(0, signal);
  const onHup = (): void => void pool.broadcast({ type: 'gantry:reopen-logs' });
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onHup);

  if (options.status !== undefined) {
    status = startPrimaryStatus({
      ...options.status,
      nodeId: options.nodeId,
      view: () => ({ rows: pool.rows(), draining: pool.draining, agreedAtMs: agreed.atMs }),
      drain: (reason) => endNode(0, reason),
      log: say,
    });
  }
  pool.start();
  let admin: { port: number; close: () => Promise<void> } | undefined;
  try {
    const first = await Promise.race([started.then(() => undefined), ended]);
    if (first !== undefined) return await stop(first);
    pool.markRunning();
    const states = pool.states();
    const lead = states[0]?.state;
    if (lead === undefined) return await stop({ code: 1, reason: 'no worker reported its state' });
    const targets = (): AdminTarget[] => pool.states()
      .filter(({ state }) => state.ready && state.privateAdminPort > 0)
      .map(({ state }) => ({ host: reachable(state.adminHost), port: state.privateAdminPort }));
    const adminDeps = {
      nodeId: options.nodeId,
      tokens: compileAdminTokens(options.adminTokens),
      workers: () => pool.rows(),
      workerCalls: async () => {
        const samples = await collector.collect();
        return pool.rows().map((row) => ({ ...row, calls: callsOf(samples.find((sample) => sample.id === row.id)) }));
      },
      draining: () => pool.draining,
      metricsText: async () => aggregateWorkerMetrics(await collector.collect(), [await registry.getMetricsAsJSON()]).metrics(),
      metricsContentType: registry.contentType,
      targets,
    };
    try {
      admin = await startPrimaryAdmin(adminDeps, lead.adminHost, options.adminPort ?? lead.configAdminPort);
    } catch (error) {
      process.stderr.write(`gantry: admin port: ${error instanceof Error ? error.message : String(error)}\n`);
      return await stop({ code: 1, reason: 'the admin port could not open' });
    }
    const source = options.mode.kind === 'file' ? options.mode.path : options.mode.describe;
    say(`serving ${source} revision ${commonRevision(pool.rows()) ?? '-'} on http :${lead.httpPort}, admin :${admin.port} with ${options.workers} workers (pids ${pool.rows().map((row) => row.pid).join(',')})`);
    return await stop(await ended);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onHup);
  }

  async function stop(end: { code: number; reason: string }): Promise<number> {
    say(`${end.reason}, draining ${options.workers} workers`);
    const closingFeed = feed?.close();
    await pool.drain(end.reason, options.drainCapMs);
    await closingFeed;
    await admin?.close();
    await status?.close();
    say(`all workers stopped (${end.reason})`);
    return end.code;
  }
}
