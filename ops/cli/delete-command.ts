import { CliError, parseVerbLine, stringFlag, UsageError } from './cli-args.js';
import { writeFlagOptions, waitBudgetMs } from './apply-command.js';
import { openConfigBucket, readCommitted } from './config-bucket-access.js';
import { findObject, listObjects, objectKey, objectKindOf, objectName, objectNames, pluralOf, type ObjectKind } from './config-objects.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat } from './output.js';
import { publishChangeSet } from './publish-change-set.js';

export const deleteUsage = `gantry delete api GROUP/NAME | group NAME | cluster NAME | binding ID [--reason TEXT] [--dry-run] [--wait] [--timeout 10s] [-o json]
  Removes one object from the committed config as a change set of kind "delete", audited. Refused
  (nothing written) while other objects still refer to it: the referrers are named.
${natsFlagsUsage}`;

type ConfigObject = Record<string, unknown>;

/** What still refers to an object of `kind` named `name`: names of referrers by kind. */
function referrersOf(document: unknown, kind: ObjectKind, object: ConfigObject): string[] {
  const apis = listObjects(document, 'api');
  const bindings = listObjects(document, 'binding');
  const named = (k: ObjectKind, objects: ConfigObject[]): string[] => (objects.length === 0 ? [] : [`${pluralOf(k)} ${objects.map((o) => objectName(k, o)).join(', ')}`]);
  switch (kind) {
    case 'cluster': {
      const users = apis.filter((api) => typeof api.backend === 'object' && api.backend !== null && (api.backend as ConfigObject).cluster === object.name);
      return named('api', users);
    }
    case 'group':
      return [...named('api', apis.filter((api) => api.group === object.name)), ...named('binding', bindings.filter((b) => b.group === object.name))];
    case 'api':
      return named('binding', bindings.filter((b) => b.scope === 'api' && b.group === object.group && b.api === object.name));
    case 'binding':
      return [];
  }
}

/** The document without the object stored under `key` (empty lists left out, as the bucket does). */
function documentWithout(document: Record<string, unknown>, kind: ObjectKind, key: string): Record<string, unknown> {
  const remaining = listObjects(document, kind).filter((object) => objectKey(kind, object) !== key);
  const next: Record<string, unknown> = { ...document, [pluralOf(kind)]: remaining };
  if (remaining.length === 0) delete next[pluralOf(kind)];
  return next;
}

/** Deletes one config object. */
export async function deleteCommand(args: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseVerbLine(args, { ...writeFlagOptions, ...outputFlagOption, ...natsFlagOptions }, 2);
  const [what, name] = positionals;
  const kind = what === undefined ? undefined : objectKindOf(what);
  if (kind === undefined || name === undefined) throw new UsageError('delete needs a kind and a name: api GROUP/NAME, group NAME, cluster NAME or binding ID');
  const output = outputFormat(flags.output);
  const targets = natsTargets(flags);
  const waitMs = waitBudgetMs(flags);
  const state = await withBus(targets, async (nc) => readCommitted(await openConfigBucket(nc, targets.bucket, false)));
  if (state === undefined) throw new CliError(`nothing is committed in bucket "${targets.bucket}" yet`);
  const object = findObject(state.document, kind, name);
  if (object === undefined) {
    const known = objectNames(state.document, kind);
    throw new CliError(`no ${kind} "${name}" in revision ${state.revision} (${pluralOf(kind)}: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  const referrers = referrersOf(state.document, kind, object);
  if (referrers.length > 0) {
    throw new CliError(`${kind} "${objectName(kind, object)}" is still used by ${referrers.join('; ')}: change or delete them first`);
  }
  const key = objectKey(kind, object);
  return publishChangeSet(targets, {
    document: documentWithout(state.document, kind, key),
    origin: `delete ${kind} ${objectName(kind, object)}`,
    kind: 'delete',
    reason: stringFlag(flags.reason) ?? '',
    dryRun: flags['dry-run'] === true,
    pluginCheck: true,
    waitMs,
    output,
    basisRevision: state.revision,
    audit: { kind: 'config.delete', key, details: { deleted: `${kind} ${objectName(kind, object)}` } },
  });
}
