/**
 * `gantry plugin …`: the plugin registry verbs (keygen, publish, list, versions, show, yank) and the
 * authoring verbs of the SDK (new, build, test), dispatched by the first word.
 */
import { UsageError } from '../cli-args.js';
import { keygenUsage, runKeygenCommand } from './keygen-command.js';
import { listUsage, runListCommand, runVersionsCommand } from './list-command.js';
import { publishUsage, runPublishCommand } from './publish-command.js';
import { runShowCommand, showUsage } from './show-command.js';
import { runYankCommand, yankUsage } from './yank-command.js';

type Run = (args: string[]) => Promise<number>;

/**
 * The authoring verbs live in files of their own; they are imported when used, so the registry
 * verbs (and every other `gantry` verb) never load the SDK's build tooling.
 */
const AUTHORING: Readonly<Record<string, { load: () => Promise<Run>; usage: string }>> = {
  new: {
    load: async () => (await import('./new-command.js')).runNewCommand,
    usage: 'gantry plugin new NAME --lang ts|as [--dir DIR]\n  Scaffolds a plugin with its manifest, code and tests.',
  },
  build: {
    load: async () => (await import('./build-command.js')).runBuildCommand,
    usage: 'gantry plugin build [DIR]\n  Builds the plugin in DIR into the module its manifest names (plugin.wasm or plugin.js).',
  },
  test: {
    load: async () => (await import('./test-command.js')).runTestCommand,
    usage: 'gantry plugin test [DIR]\n  Builds the plugin in DIR and runs its plugin.test.json cases without a gateway.',
  },
};

const REGISTRY: Readonly<Record<string, Run>> = {
  keygen: runKeygenCommand,
  publish: runPublishCommand,
  list: runListCommand,
  versions: runVersionsCommand,
  show: runShowCommand,
  yank: runYankCommand,
};

export const pluginUsage = [keygenUsage, publishUsage, listUsage, showUsage, yankUsage, ...Object.values(AUTHORING).map((a) => a.usage)].join('\n');

async function authoringVerb(verb: string): Promise<Run> {
  const entry = AUTHORING[verb];
  if (entry === undefined) throw new UsageError(`unknown plugin verb "${verb}"`);
  return entry.load();
}

/** Runs `gantry plugin VERB …`. */
export async function pluginCommand(args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === undefined) throw new UsageError(`plugin needs a verb: ${[...Object.keys(REGISTRY), ...Object.keys(AUTHORING)].join(', ')}`);
  const registryVerb = REGISTRY[verb];
  if (registryVerb !== undefined) return registryVerb(rest);
  return (await authoringVerb(verb))([...rest]);
}
