#!/usr/bin/env node
import { ConfigPlaneError } from '../../bus/config/config-plane-error.js';
import { applyCommand, applyUsage } from './apply-command.js';
import { auditCommand, auditUsage } from './audit-command.js';
import { CliError, UsageError } from './cli-args.js';
import { deleteCommand, deleteUsage } from './delete-command.js';
import { diffCommand, diffUsage } from './diff-command.js';
import { getCommand, getUsage } from './get-command.js';
import { historyCommand, historyUsage } from './history-command.js';
import { natsFlagsHelp } from './nats-flags.js';
import { nodeCommand, nodeUsage } from './node-command.js';
import { nodesCommand, nodesUsage } from './nodes-command.js';
import { pluginCommand, pluginUsage } from './plugin/plugin-command.js';
import { rollbackCommand, rollbackUsage } from './rollback-command.js';
import { serveCommand, serveUsage } from './serve-command.js';
import { switchCommand, switchUsage } from './switch-command.js';
import { validateCommand, validateUsage } from './validate-command.js';

const VERBS: Record<string, { run: (args: readonly string[]) => Promise<number>; usage: string }> = {
  serve: { run: serveCommand, usage: serveUsage },
  validate: { run: validateCommand, usage: validateUsage },
  apply: { run: applyCommand, usage: applyUsage },
  diff: { run: diffCommand, usage: diffUsage },
  get: { run: getCommand, usage: getUsage },
  delete: { run: deleteCommand, usage: deleteUsage },
  history: { run: historyCommand, usage: historyUsage },
  rollback: { run: rollbackCommand, usage: rollbackUsage },
  nodes: { run: nodesCommand, usage: nodesUsage },
  node: { run: nodeCommand, usage: nodeUsage },
  audit: { run: auditCommand, usage: auditUsage },
  switch: { run: switchCommand, usage: switchUsage },
  plugin: { run: pluginCommand, usage: pluginUsage },
};

function usage(): string {
  return `usage: gantry <command> [flags]\n\n${Object.values(VERBS).map((v) => v.usage).join('\n\n')}\n\n${natsFlagsHelp}\n`;
}

/** The `gantry` command: dispatches to a verb and turns its result into the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(usage());
    return verb === undefined ? 2 : 0;
  }
  const command = VERBS[verb];
  if (command === undefined) {
    process.stderr.write(`gantry: unknown command "${verb}"\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`gantry ${verb}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    // Failures the verb understood: the message says what is wrong; a stack would only bury it.
    if (error instanceof CliError || error instanceof ConfigPlaneError) {
      process.stderr.write(`gantry ${verb}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`gantry: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
