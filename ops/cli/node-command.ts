import { checkNodeId } from '../../bus/status/status-subjects.js';
import { decodeNodeStatus } from '../../bus/status/node-status.js';
import { isNodeCommandName, type NodeCommandName } from '../../bus/status/node-command.js';
import { sendNodeCommand } from '../../bus/status/send-node-command.js';
import { isLogLevel, LOG_LEVELS } from '../../core/observe/log-level.js';
import { CliError, durationFlag, parseVerbLine, UsageError } from './cli-args.js';
import { recordAuditEvent } from './config-audit.js';
import { nodeStatusText } from './node-status-text.js';
import { cliActor, natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat, render, renderJson, renderYaml, type OutputFormat } from './output.js';

export const nodeUsage = `gantry node cmd ID status|dump-config|set-log-level LEVEL|drain [--timeout 2s] [-o json|yaml]
  Sends one command to node ID and prints its answer: status (the node's status), dump-config (the
  config it serves, YAML by default), set-log-level (debug|info|warn|error), drain (finish in-flight
  calls, then exit 0). set-log-level and drain are audited as node.command.
${natsFlagsUsage}`;

/** Commands that change a node, and so leave an audit event. */
const AUDITED: ReadonlySet<NodeCommandName> = new Set(['set-log-level', 'drain']);

function commandLine(positionals: readonly string[]): { nodeId: string; cmd: NodeCommandName; args: unknown } {
  const [sub, nodeId, cmd, argument] = positionals;
  if (sub !== 'cmd') throw new UsageError(sub === undefined ? 'node needs "cmd ID COMMAND"' : `unknown node subcommand "${sub}" (use: node cmd ID COMMAND)`);
  if (nodeId === undefined || cmd === undefined) throw new UsageError('node cmd needs a node id and a command');
  try {
    checkNodeId(nodeId);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!isNodeCommandName(cmd)) throw new UsageError(`unknown node command "${cmd}": use status, dump-config, set-log-level LEVEL or drain`);
  if (cmd === 'set-log-level') {
    if (!isLogLevel(argument)) throw new UsageError(`set-log-level needs a level: ${LOG_LEVELS.join(', ')}${argument === undefined ? '' : `, got "${argument}"`}`);
    return { nodeId, cmd, args: { level: argument } };
  }
  if (argument !== undefined) throw new UsageError(`${cmd} takes no argument, got "${argument}"`);
  return { nodeId, cmd, args: undefined };
}

function answerText(nodeId: string, cmd: NodeCommandName, result: unknown, format: OutputFormat): string {
  if (format !== 'table') return render(format, result, () => '');
  switch (cmd) {
    case 'status': {
      const status = decodeNodeStatus(JSON.stringify(result));
      return status === null ? renderYaml(result) : nodeStatusText(status);
    }
    case 'dump-config':
      return renderYaml(result);
    case 'set-log-level': {
      const level = (result as { level?: unknown } | undefined)?.level;
      return `${nodeId}: log level is now ${String(level)}\n`;
    }
    case 'drain':
      return `${nodeId}: draining; it exits once its in-flight calls are done\n`;
  }
}

/** Sends a command to one node. */
export async function nodeCommand(args: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseVerbLine(args, { timeout: { type: 'string' }, ...outputFlagOption, ...natsFlagOptions }, 4);
  const { nodeId, cmd, args: commandArgs } = commandLine(positionals);
  const format = outputFormat(flags.output, ['table', 'json', 'yaml']);
  const timeoutMs = durationFlag(flags.timeout, '--timeout', 2000);
  const targets = natsTargets(flags);
  return withBus(targets, async (nc) => {
    const reply = await sendNodeCommand(nc, nodeId, cmd, commandArgs, timeoutMs, { subjectRoot: targets.subjectRoot });
    if (!reply.ok) throw new CliError(`node ${nodeId} ${cmd}: ${reply.code}: ${reply.error}`);
    if (AUDITED.has(cmd)) {
      const delivery = await recordAuditEvent(nc, targets, {
        kind: 'node.command', actor: cliActor(targets), key: nodeId, node: nodeId, new: commandArgs === undefined ? { cmd } : { cmd, args: commandArgs },
      });
      if (!delivery.stored) process.stderr.write(`gantry: warning: ${delivery.error}\n`);
    }
    process.stdout.write(format === 'json' ? renderJson(reply.result ?? null) : answerText(nodeId, cmd, reply.result, format));
    return 0;
  });
}
