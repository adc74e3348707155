#!/usr/bin/env node
import { UsageError } from './cli-args.js';
import { serveCommand, serveUsage } from './serve-command.js';
import { validateCommand, validateUsage } from './validate-command.js';

const VERBS: Record<string, { run: (args: readonly string[]) => Promise<number>; usage: string }> = {
  serve: { run: serveCommand, usage: serveUsage },
  validate: { run: validateCommand, usage: validateUsage },
};

function usage(): string {
  return `usage: gantry <command> [flags]\n\n${Object.values(VERBS).map((v) => v.usage).join('\n\n')}\n`;
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
