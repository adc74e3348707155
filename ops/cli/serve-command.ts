import { FileConfigSource } from '../../core/gateway/file-config-source.js';
import { Gateway, StartupConfigError } from '../../core/gateway/gateway.js';
import { defaultGatewayOptions } from '../../core/gateway/gateway-options.js';
import { StaticSwitches } from '../../core/gateway/switch-source.js';
import { isLogLevel } from '../../core/observe/log-level.js';
import { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { builtinPlugins } from '../../plugins/index.js';
import { parseVerbArgs, portFlag, UsageError } from './cli-args.js';

export const serveUsage = `gantry serve --config FILE [--http-port N] [--admin-port N] [--log-dir DIR] [--log-level debug|info|warn|error] [--node-id ID]
  Serves FILE (YAML or JSON) and reloads it when it changes; a change that fails validation is
  refused (the last good config keeps serving). Logs go to DIR (default ./logs; "-" for stdout).`;

/** Runs a standalone node until SIGTERM/SIGINT, then drains and resolves with the exit code. */
export async function serveCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, {
    config: { type: 'string', short: 'c' },
    'http-port': { type: 'string' },
    'admin-port': { type: 'string' },
    'log-dir': { type: 'string' },
    'log-level': { type: 'string' },
    'node-id': { type: 'string' },
  });
  const configPath = flags.config;
  if (typeof configPath !== 'string') throw new UsageError('serve needs --config FILE');
  const level = (flags['log-level'] as string | undefined) ?? 'info';
  if (!isLogLevel(level)) throw new UsageError(`--log-level must be debug, info, warn or error, got "${level}"`);
  const logDir = (flags['log-dir'] as string | undefined) ?? 'logs';

  const options = {
    ...defaultGatewayOptions(new PluginCatalog(builtinPlugins), new StaticSwitches()),
    nodeId: (flags['node-id'] as string | undefined) ?? 'gantry-1',
    logDir: logDir === '-' ? null : logDir,
    logLevel: level,
    httpPort: portFlag(flags['http-port'], '--http-port'),
    adminPort: portFlag(flags['admin-port'], '--admin-port'),
  };
  let gateway: Gateway;
  try {
    gateway = await Gateway.start(new FileConfigSource(configPath), options);
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
