import { CliError, parseVerbLine, UsageError } from './cli-args.js';
import { openConfigBucket, readCommitted } from './config-bucket-access.js';
import { findObject, listObjects, objectKindOf, objectNames, objectTable, pluralOf } from './config-objects.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { switchCommand } from './switch-command.js';
import { outputFlagOption, outputFormat, render, renderJson, renderYaml } from './output.js';

export const getUsage = `gantry get apis|groups|clusters|bindings [NAME] [-o json|yaml]
gantry get config [-o yaml|json]
gantry get switches [NAME] [-o json|yaml]   (the same as "gantry switch list" / "gantry switch get NAME")
  Lists the committed objects of a kind as a table, or one object by NAME (an API is GROUP/NAME,
  a binding its id or SCOPE/…/PLUGIN); -o json|yaml prints them whole, as stored. "get config"
  prints the whole committed document.
${natsFlagsUsage}`;

/** Shows committed config objects. */
export async function getCommand(args: readonly string[]): Promise<number> {
  // Switches live in their own bucket with their own verb; `get switches` is its read side.
  if (args[0] === 'switches') {
    const named = args[1] !== undefined && !args[1].startsWith('-');
    return switchCommand([named ? 'get' : 'list', ...args.slice(1)]);
  }
  const { values: flags, positionals } = parseVerbLine(args, { ...outputFlagOption, ...natsFlagOptions }, 2);
  const [what, name] = positionals;
  if (what === undefined) throw new UsageError('get needs what to show: apis, groups, clusters, bindings, switches or config');
  const targets = natsTargets(flags);
  if (what === 'config') {
    if (name !== undefined) throw new UsageError('get config takes no NAME');
    const format = outputFormat(flags.output, ['yaml', 'json']);
    return withBus(targets, async (nc) => {
      const state = await readCommitted(await openConfigBucket(nc, targets.bucket, false));
      if (state === undefined) throw new CliError(`nothing is committed in bucket "${targets.bucket}" yet`);
      process.stdout.write(format === 'json' ? renderJson(state.document) : renderYaml(state.document));
      return 0;
    });
  }
  const kind = objectKindOf(what);
  if (kind === undefined) throw new UsageError(`cannot get "${what}": choose apis, groups, clusters, bindings, switches or config`);
  const format = outputFormat(flags.output, ['table', 'json', 'yaml']);
  return withBus(targets, async (nc) => {
    const state = await readCommitted(await openConfigBucket(nc, targets.bucket, false));
    const document = state?.document ?? {};
    if (name === undefined) {
      const objects = listObjects(document, kind);
      process.stdout.write(render(format, objects, () => objectTable(kind, objects)));
      return 0;
    }
    const object = findObject(document, kind, name);
    if (object === undefined) {
      const known = objectNames(document, kind);
      throw new CliError(`no ${kind} "${name}" in revision ${state?.revision ?? 0} (${pluralOf(kind)}: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    process.stdout.write(render(format, object, () => objectTable(kind, [object])));
    return 0;
  });
}
