import cluster from 'node:cluster';
import { FileConfigSource } from '../../core/gateway/file-config-source.js';
import { Gateway, StartupConfigError } from '../../core/gateway/gateway.js';
import { defaultGatewayOptions, type GatewayOptions } from '../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../core/gateway/switch-source.js';
import { adminTokensFromEnv, AdminTokensError, loadAdminTokens, type AdminToken } from '../../core/server/admin-auth.js';
import { isLogLevel } from '../../core/observe/log-level.js';
import { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { builtinPlugins } from '../../plugins/index.js';
import { defaultPrimaryOptions, runPrimary } from '../workers/primary.js';
import { runFileWorker } from '../workers/run-worker.js';
import { workersCount, WorkersCountError } from '../workers/workers-count.js';
import { parseVerbArgs, portFlag, stringFlag, UsageError, type FlagValues } from './cli-args.js';
import { serveLocalPlugins } from './local-plugins.js';
import { natsFlagOptions, natsFlagsUsage } from './nats-flags.js';
import { serveNats } from './serve-nats.js';

export const serveUsage = `gantry serve --config FILE [--workers N|auto] [--http-port N] [--admin-port N] [--log-dir DIR] [--log-level debug|info|warn|error] [--node-id ID] [--admin-tokens FILE] [--plugin DIR]...
gantry serve --nats URL --node-id ID [--data-dir DIR] [--config-wait 5s] [--nats-creds FILE | --nats-user U --nats-pass P]
             [--switch-bucket NAME] [--admin-nats-creds FILE | --admin-nats-user U --admin-nats-pass P] [same port, log and token flags]
  With --config: serves FILE (YAML or JSON) and reloads it when it changes. With --nats (or
  GANTRY_NATS and no --config): follows the config bucket, keeps the last good config in DIR
  (default ./.gantry/ID) to start from while NATS is down (after waiting --config-wait for it),
  audits every apply and refusal, reports its status and answers "gantry node cmd". Either way a
  config that fails validation is refused and the last good one keeps serving. Logs go to DIR
  (default ./logs; "-" for stdout). SIGTERM or the drain command drains, then exits 0.
  --admin-tokens FILE (or env GANTRY_ADMIN_TOKENS holding the list): YAML/JSON list of
  { name, token, role: read|write } guarding the admin port; without it reads are open and the
  config and switch writes are disabled. With --nats the writes go to the buckets over a connection
  of their own with --admin-nats-* (operator) credentials (env GANTRY_ADMIN_NATS_CREDS,
  GANTRY_ADMIN_NATS_USER, GANTRY_ADMIN_NATS_PASS); without them over the node's connection, whose
  user then needs write permission. Switches follow --switch-bucket (env GANTRY_SWITCH_BUCKET,
  default gantry-switches).
  Plugins from the registry (--nats only): --plugin-trust KEY[,KEY] and/or --plugin-trust-file FILE
  (one key per line; env GANTRY_PLUGIN_TRUST, GANTRY_PLUGIN_TRUST_FILE) list the public keys whose
  signatures the node accepts; releases signed otherwise are refused and audited. The registry is
  --plugin-bucket (env GANTRY_PLUGIN_BUCKET, default gantry-plugins). See docs/plugins.md.
  Local plugins: --plugin DIR (repeatable or comma-separated; env GANTRY_PLUGIN_DIRS, colon-separated)
  loads the plugin folder DIR (gantry-plugin.json or manifest.json, and the built plugin.wasm or
  plugin.js; run "gantry plugin build DIR" first) before the first config. Trusted because you named
  it: no signature is checked. A folder that does not load, or a name already built in, exits 2.
  --workers N|auto (default 1: one process): N worker processes share the HTTP port, each with its
  own snapshot; the primary restarts a worker that dies, serves the admin port for the node (/metrics
  summed over workers, /readyz ready when all are), and drains them all on SIGTERM. With --config the
  primary follows the file and sends each checked document to every worker with one revision; with
  --nats every worker follows the bucket. "auto" is the number of cores (see docs/operations.md).
${natsFlagsUsage}`;

/** Flags that only mean something for a NATS node. */
const NATS_ONLY = [
  'nats', 'nats-creds', 'nats-user', 'nats-pass', 'bucket', 'audit-stream', 'subject-root', 'data-dir', 'config-wait',
  'switch-bucket', 'admin-nats-creds', 'admin-nats-user', 'admin-nats-pass',
  'plugin-bucket', 'plugin-trust', 'plugin-trust-file',
] as const;

/** The admin tokens of `--admin-tokens FILE`, else of GANTRY_ADMIN_TOKENS; a bad list is a usage error naming it. */
async function adminTokens(flags: FlagValues): Promise<readonly AdminToken[]> {
  const path = stringFlag(flags['admin-tokens']);
  try {
    if (path !== undefined) return await loadAdminTokens(path);
    return adminTokensFromEnv() ?? [];
  } catch (error) {
    if (error instanceof AdminTokensError) throw new UsageError(`${path === undefined ? 'GANTRY_ADMIN_TOKENS' : '--admin-tokens'}: ${error.message}`);
    throw error;
  }
}

function gatewayOptions(flags: FlagValues, tokens: readonly AdminToken[]): Omit<GatewayOptions, 'nodeId'> {
  const level = stringFlag(flags['log-level']) ?? 'info';
  if (!isLogLevel(level)) throw new UsageError(`--log-level must be debug, info, warn or error, got "${level}"`);
  const logDir = stringFlag(flags['log-dir']) ?? 'logs';
  const { nodeId: _nodeId, ...defaults } = defaultGatewayOptions(new PluginCatalog(builtinPlugins), new StaticSwitches());
  return {
    ...defaults,
    logDir: logDir === '-' ? null : logDir,
    logLevel: level,
    httpPort: portFlag(flags['http-port'], '--http-port'),
    adminPort: portFlag(flags['admin-port'], '--admin-port'),
    adminTokens: tokens,
  };
}

/** Runs a node until SIGTERM/SIGINT (or a drain command), then drains and resolves with the exit code. */
export async function serveCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, {
    config: { type: 'string', short: 'c' },
    'http-port': { type: 'string' },
    'admin-port': { type: 'string' },
    'log-dir': { type: 'string' },
    'log-level': { type: 'string' },
    'node-id': { type: 'string' },
    'data-dir': { type: 'string' },
    'config-wait': { type: 'string' },
    'admin-tokens': { type: 'string' },
    'switch-bucket': { type: 'string' },
    'admin-nats-creds': { type: 'string' },
    'admin-nats-user': { type: 'string' },
    'admin-nats-pass': { type: 'string' },
    'plugin-bucket': { type: 'string' },
    'plugin-trust': { type: 'string' },
    'plugin-trust-file': { type: 'string' },
    workers: { type: 'string' },
    plugin: { type: 'string', multiple: true },
    ...natsFlagOptions,
  });
  const workers = workersOf(flags);
  const configPath = stringFlag(flags.config);
  if (configPath === undefined) {
    if (flags.nats === undefined && (process.env.GANTRY_NATS ?? '') === '') throw new UsageError('serve needs --config FILE or --nats URL');
    const natsOptions = gatewayOptions(flags, await adminTokens(flags));
    const refused = await serveLocalPlugins(natsOptions.catalog, flags.plugin, cluster.isWorker);
    if (refused !== undefined) return refused;
    return serveNats(flags, natsOptions, workers);
  }
  const natsFlag = NATS_ONLY.find((name) => flags[name] !== undefined);
  if (natsFlag !== undefined) throw new UsageError(`--config and --${natsFlag} are exclusive: a node serves a file or follows NATS`);
  const nodeId = stringFlag(flags['node-id']) ?? 'gantry-1';
  const options = gatewayOptions(flags, await adminTokens(flags));
  const refused = await serveLocalPlugins(options.catalog, flags.plugin, cluster.isWorker);
  if (refused !== undefined) return refused;
  // A forked worker re-runs this command line; the primary told it its slot.
  if (cluster.isWorker) return runFileWorker(nodeId, options);
  if (workers > 1) {
    return runPrimary({
      ...defaultPrimaryOptions(),
      workers,
      nodeId,
      mode: { kind: 'file', path: configPath },
      catalog: options.catalog,
      adminTokens: options.adminTokens,
      adminPort: options.adminPort,
    });
  }
  return serveFile(configPath, nodeId, options);
}

/** `--workers`: 1 unless given. */
function workersOf(flags: FlagValues): number {
  try {
    return workersCount(stringFlag(flags.workers));
  } catch (error) {
    if (error instanceof WorkersCountError) throw new UsageError(error.message);
    throw error;
  }
}

async function serveFile(configPath: string, nodeId: string, options: Omit<GatewayOptions, 'nodeId'>): Promise<number> {
  let gateway: Gateway;
  try {
    gateway = await Gateway.start(new FileConfigSource(configPath), { ...options, nodeId });
  } catch (error) {
    if (error instanceof StartupConfigError) {
      process.stderr.write(`gantry: config refused, not starting:\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write(`gantry: serving ${configPath} revision ${gateway.snapshots.current.revision} on http :${gateway.httpPort}, admin :${gateway.adminPort}\n`);
  process.on('SIGHUP', () => gateway.logs.reopenAll());
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      process.stdout.write(`gantry: ${signal}, draining\n`);
      void gateway.drain().then(({ unfinishedCalls }) => {
        if (unfinishedCalls > 0) process.stderr.write(`gantry: drain timeout, ${unfinishedCalls} calls cut\n`);
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
