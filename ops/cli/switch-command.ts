/**
 * `gantry switch set|get|list|delete`: dynamic switches in the `gantry-switches` bucket. Values are
 * validated here with the nodes' own validator before anything is written, and every write or
 * removal is audited (`switch.set`, `switch.delete`) with old → new.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { defaultSwitchBucket, ensureSwitchBucket } from '../../bus/switches/switch-bucket.js';
import { switchDeleteAuditEvent, switchSetAuditEvent } from '../../bus/switches/switch-audit.js';
import { deleteSwitch, readSwitch, readSwitches, writeSwitch, type SwitchBucketEntry, type SwitchRecord } from '../../bus/switches/write-switch.js';
import type { AuditEventInput } from '../../bus/audit/audit-event.js';
import { SwitchCatalog } from '../../core/switches/switch-catalog.js';
import type { SwitchDefinition } from '../../core/switches/switch-definition.js';
import { isSwitchError } from '../../core/switches/switch-error.js';
import { checkPluginName, formatSwitchAddress, formatSwitchPlacement, GLOBAL_SCOPE, parseSwitchScope, type SwitchAddress, type SwitchPlacement } from '../../core/switches/switch-scope.js';
import { parseSwitchValue } from '../../core/switches/validate-switch-value.js';
import { builtinPlugins } from '../../plugins/index.js';
import { switchDeclarers } from './plugin/registry-catalog.js';
import { CliError, parseVerbLine, stringFlag, UsageError, type FlagValues } from './cli-args.js';
import { recordAuditEvent } from './config-audit.js';
import { findConfigBucket } from './config-bucket-access.js';
import { cliActor, natsFlagOptions, natsFlagsUsage, natsTargets, withBus, type NatsTargets } from './nats-flags.js';
import { outputFlagOption, outputFormat, render, renderTable, type OutputFormat } from './output.js';

export const switchUsage = `gantry switch set NAME VALUE [--scope SCOPE] [--plugin P] --reason TEXT [-o json]
gantry switch get NAME [--scope SCOPE] [--plugin P] [-o json]
gantry switch list [-o json|yaml]
gantry switch delete NAME [--scope SCOPE] [--plugin P] --reason TEXT [-o json]
  Dynamic switches, applied by every node within milliseconds. SCOPE is global (default),
  group:GROUP, api:GROUP/API or node:ID; --plugin names the plugin of a per-plugin switch
  (gantry.plugin.enabled). VALUE is checked against the switch's definition before it is written:
  the gateway's own, the built-in plugins', and those declared in the manifests of plugins in the
  registry (env GANTRY_PLUGIN_BUCKET, default gantry-plugins).
  "get" without --scope shows the switch at every scope; "list" shows every switch and its values.
  A VALUE starting with "-" goes last, after "--": gantry switch set NAME --reason TEXT -- -1
  Switch bucket: --switch-bucket NAME (env GANTRY_SWITCH_BUCKET, default ${defaultSwitchBucket}).
${natsFlagsUsage}`;

const flagOptions = {
  ...natsFlagOptions,
  ...outputFlagOption,
  scope: { type: 'string' },
  plugin: { type: 'string' },
  reason: { type: 'string' },
  'switch-bucket': { type: 'string' },
} as const;

/**
 * Definitions the CLI validates against: the built-ins and those of the built-in plugins, and —
 * when `name` is none of those, or for a full listing — the switches that plugins in the registry
 * declare in their manifests (what nodes learn when they load those plugins).
 */
async function knownSwitches(targets: NatsTargets, name?: string): Promise<SwitchCatalog> {
  const builtin = new SwitchCatalog(builtinPlugins);
  if (name !== undefined && builtin.get(name) !== undefined) return builtin;
  return new SwitchCatalog(await switchDeclarers(targets));
}

function switchBucket(flags: FlagValues): string {
  const bucket = stringFlag(flags['switch-bucket']) ?? process.env.GANTRY_SWITCH_BUCKET ?? defaultSwitchBucket;
  if (!/^[A-Za-z0-9_-]+$/.test(bucket)) throw new UsageError(`--switch-bucket must be letters, digits, '-' or '_', got "${bucket}"`);
  return bucket;
}

/** `--scope` and `--plugin` as a placement; malformed ones are usage errors naming the flag. */
function placementOf(flags: FlagValues, name: string): SwitchPlacement {
  try {
    const scopeText = stringFlag(flags.scope);
    const scope = scopeText === undefined ? GLOBAL_SCOPE : parseSwitchScope(scopeText);
    const plugin = stringFlag(flags.plugin);
    return plugin === undefined ? { scope } : { scope, plugin: checkPluginName(name, plugin) };
  } catch (error) {
    if (isSwitchError(error)) throw new UsageError(`--scope/--plugin: ${error.message}`);
    throw error;
  }
}

function definitionOf(catalog: SwitchCatalog, name: string): SwitchDefinition {
  const definition = catalog.get(name);
  if (definition === undefined) throw new CliError(`unknown switch "${name}" (known: ${catalog.list().map((d) => d.name).join(', ')})`);
  return definition;
}

function requiredReason(flags: FlagValues, verb: string): string {
  const reason = stringFlag(flags.reason)?.trim() ?? '';
  if (reason === '') throw new UsageError(`switch ${verb} needs --reason TEXT: every flip is audited with why`);
  return reason;
}

/** Opens the bucket for reading; undefined when it was never created (nothing set anywhere). */
async function readableBucket(nc: NatsConnection, bucket: string): Promise<KV | undefined> {
  return findConfigBucket(nc, bucket);
}

/** Records an audit event; a failure is a warning (the change itself is done). Returns whether it was stored. */
async function audited(nc: NatsConnection, targets: NatsTargets, event: AuditEventInput): Promise<boolean> {
  const delivery = await recordAuditEvent(nc, targets, event);
  if (!delivery.stored) process.stderr.write(`gantry: warning: ${delivery.error}\n`);
  return delivery.stored;
}

/** One stored value as `-o json` prints it. */
interface RecordJson {
  readonly key: string;
  readonly scope: string;
  readonly value: unknown;
  readonly actor: string;
  readonly reason: string;
  readonly time: string;
  readonly revision: number;
}

function recordJson(record: SwitchRecord): RecordJson {
  return { key: record.key, scope: formatSwitchPlacement(record.address), value: record.stored.value, actor: record.stored.actor, reason: record.stored.reason, time: record.stored.time, revision: record.revision };
}

function shown(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

async function setSwitch(flags: FlagValues, positionals: readonly string[], output: OutputFormat): Promise<number> {
  const [name, text] = positionals;
  if (name === undefined || text === undefined) throw new UsageError('switch set needs NAME and VALUE');
  const targets = natsTargets(flags);
  const definition = definitionOf(await knownSwitches(targets, name), name);
  const placement = placementOf(flags, name);
  const reason = requiredReason(flags, 'set');
  const parsed = parseSwitchValue(definition, text);
  if (!parsed.ok) throw new CliError(`${name} at ${formatSwitchPlacement(placement)}: ${parsed.message}`);
  return withBus(targets, async (nc) => {
    const kv = await ensureSwitchBucket(nc, switchBucket(flags));
    const address: SwitchAddress = { ...placement, name };
    const current = await readSwitch(kv, address);
    if (current !== undefined && current.stored.value === parsed.value) {
      process.stdout.write(output === 'table' ? `${formatSwitchAddress(address)}: already ${shown(parsed.value)}, nothing written\n` : `${JSON.stringify({ ...recordJson(current), changed: false }, null, 2)}\n`);
      return 0;
    }
    let result;
    try {
      result = await writeSwitch(kv, definition, placement, parsed.value, { actor: cliActor(targets), reason });
    } catch (error) {
      if (isSwitchError(error)) throw new CliError(error.message);
      throw error;
    }
    const isAudited = await audited(nc, targets, switchSetAuditEvent(result));
    const old = result.previous?.stored.value;
    process.stdout.write(
      output === 'table'
        ? `${formatSwitchAddress(address)}: ${shown(old)} → ${shown(result.record.stored.value)} (revision ${result.record.revision})\n`
        : `${JSON.stringify({ ...recordJson(result.record), old, changed: true, audited: isAudited }, null, 2)}\n`,
    );
    return 0;
  });
}

async function deleteSwitchValue(flags: FlagValues, positionals: readonly string[], output: OutputFormat): Promise<number> {
  const [name] = positionals;
  if (name === undefined || positionals.length > 1) throw new UsageError('switch delete needs NAME (and no value)');
  const address: SwitchAddress = { ...placementOf(flags, name), name };
  const reason = requiredReason(flags, 'delete');
  const targets = natsTargets(flags);
  return withBus(targets, async (nc) => {
    const kv = await readableBucket(nc, switchBucket(flags));
    const previous = kv === undefined ? undefined : await deleteSwitch(kv, address);
    if (previous === undefined) throw new CliError(`${formatSwitchAddress(address)} is not set: nothing to delete`);
    const isAudited = await audited(nc, targets, switchDeleteAuditEvent(previous, { actor: cliActor(targets), reason }));
    process.stdout.write(
      output === 'table'
        ? `${formatSwitchAddress(address)}: ${shown(previous.stored.value)} removed (the next scope or the default applies)\n`
        : `${JSON.stringify({ ...recordJson(previous), deleted: true, audited: isAudited }, null, 2)}\n`,
    );
    return 0;
  });
}

/** Every entry of the bucket (empty when the bucket was never created). */
async function bucketEntries(flags: FlagValues): Promise<SwitchBucketEntry[]> {
  return withBus(natsTargets(flags), async (nc) => {
    const kv = await readableBucket(nc, switchBucket(flags));
    return kv === undefined ? [] : readSwitches(kv);
  });
}

function warnUnreadable(entries: readonly SwitchBucketEntry[]): void {
  for (const entry of entries) if (!entry.ok) process.stderr.write(`gantry: warning: ${entry.error.message} (revision ${entry.revision}); nodes refuse it\n`);
}

async function getSwitch(flags: FlagValues, positionals: readonly string[], output: OutputFormat): Promise<number> {
  const [name] = positionals;
  if (name === undefined || positionals.length > 1) throw new UsageError('switch get needs NAME');
  const definition = (await knownSwitches(natsTargets(flags), name)).get(name);
  const entries = await bucketEntries(flags);
  let records = entries.flatMap((e) => (e.ok && e.address.name === name ? [e] : []));
  if (flags.scope !== undefined || flags.plugin !== undefined) {
    const wanted = formatSwitchPlacement(placementOf(flags, name));
    records = records.filter((r) => formatSwitchPlacement(r.address) === wanted);
  }
  if (definition === undefined && records.length === 0) throw new CliError(`unknown switch "${name}", and no value is set for it`);
  const json = { name, default: definition?.default, values: records.map(recordJson) };
  process.stdout.write(render(output, json, () => {
    const head = `${name} (${definition === undefined ? 'not declared by any plugin this CLI knows' : `${definition.type}, default ${shown(definition.default)}`})\n`;
    if (records.length === 0) return `${head}not set${flags.scope === undefined ? ' at any scope' : ' at that scope'}: the ${flags.scope === undefined ? 'default' : 'next scope or the default'} applies\n`;
    return head + renderTable(['scope', 'value', 'actor', 'time', 'reason'], records.map((r) => [formatSwitchPlacement(r.address), shown(r.stored.value), r.stored.actor, r.stored.time, r.stored.reason]));
  }));
  return 0;
}

async function listSwitches(flags: FlagValues, output: OutputFormat): Promise<number> {
  const definitions = (await knownSwitches(natsTargets(flags))).list();
  const entries = await bucketEntries(flags);
  warnUnreadable(entries);
  const records = entries.flatMap((e) => (e.ok ? [e] : []));
  const valuesOf = (name: string): SwitchRecord[] => records.filter((r) => r.address.name === name);
  const known = new Set(definitions.map((d) => d.name));
  const json = {
    switches: definitions.map((d) => ({ ...d, values: valuesOf(d.name).map(recordJson) })),
    undeclared: records.filter((r) => !known.has(r.address.name)).map((r) => ({ name: r.address.name, ...recordJson(r) })),
  };
  process.stdout.write(render(output, json, () => {
    const rows = definitions.map((d) => [d.name, d.type, shown(d.default), valuesOf(d.name).map((r) => `${formatSwitchPlacement(r.address)}=${shown(r.stored.value)}`).join('; '), d.description]);
    for (const r of json.undeclared) rows.push([r.name, '?', '-', `${r.scope}=${shown(r.value)}`, 'not declared by any plugin this CLI knows']);
    return renderTable(['name', 'type', 'default', 'set', 'description'], rows);
  }));
  return 0;
}

/** `gantry switch …`: dispatches to the sub-verb. */
export async function switchCommand(args: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseVerbLine(args, flagOptions, 3);
  const [action, ...rest] = positionals;
  switch (action) {
    case 'set':
      return setSwitch(flags, rest, outputFormat(flags.output));
    case 'get':
      return getSwitch(flags, rest, outputFormat(flags.output, ['table', 'json', 'yaml']));
    case 'list':
      if (rest.length > 0) throw new UsageError('switch list takes no NAME (use switch get NAME)');
      return listSwitches(flags, outputFormat(flags.output, ['table', 'json', 'yaml']));
    case 'delete':
      return deleteSwitchValue(flags, rest, outputFormat(flags.output));
    default:
      throw new UsageError(`switch needs set, get, list or delete${action === undefined ? '' : `, got "${action}"`}`);
  }
}
