import type { KV } from '@nats-io/kv';
import { commitKey } from '../../bus/config/config-keys.js';
import { parseCommitRecord, type CommitRecord } from '../../bus/config/change-set-records.js';
import { parseVerbArgs, positiveIntegerFlag } from './cli-args.js';
import { openConfigBucket } from './config-bucket-access.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat, render, renderTable } from './output.js';

export const historyUsage = `gantry history [--limit N] [-o json]
  Lists the commits of the config, newest first: revision, time, actor, host, kind, keys changed,
  reason (default limit 20). The bucket keeps the last 64; any of them is a "rollback --to" target
  while the values it names are still kept.
${natsFlagsUsage}`;

/** One commit as history shows it; `problem` when the stored commit cannot be read. */
export interface HistoryEntry {
  readonly revision: number;
  readonly commit?: CommitRecord;
  readonly problem?: string;
}

/** Every commit still in the bucket's history of the `commit` key, oldest first. */
export async function readCommitHistory(kv: KV): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  const history = await kv.history({ key: commitKey });
  for await (const entry of history) {
    if (entry.operation !== 'PUT') continue;
    try {
      entries.push({ revision: entry.revision, commit: parseCommitRecord(entry.revision, entry.string()) });
    } catch (error) {
      entries.push({ revision: entry.revision, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return entries.sort((a, b) => a.revision - b.revision);
}

function toJson(entry: HistoryEntry): Record<string, unknown> {
  if (entry.commit === undefined) return { revision: entry.revision, problem: entry.problem };
  const { cs, parent, actor, host, kind, reason, time, changed } = entry.commit;
  return { revision: entry.revision, time, actor, host, kind, reason, changedCount: changed.length, changed, parent, changeSet: cs };
}

/** Lists config commits. */
export async function historyCommand(args: readonly string[]): Promise<number> {
  const flags = parseVerbArgs(args, { limit: { type: 'string' }, ...outputFlagOption, ...natsFlagOptions });
  const limit = positiveIntegerFlag(flags.limit, '--limit', 20);
  const format = outputFormat(flags.output);
  const targets = natsTargets(flags);
  return withBus(targets, async (nc) => {
    const history = await readCommitHistory(await openConfigBucket(nc, targets.bucket, false));
    const newest = history.reverse().slice(0, limit);
    process.stdout.write(render(format, newest.map(toJson), () => renderTable(
      ['revision', 'time', 'actor', 'host', 'kind', 'changed', 'reason'],
      newest.map((e) => (e.commit === undefined
        ? [e.revision, '-', '-', '-', '-', '-', `unreadable: ${e.problem ?? ''}`]
        : [e.revision, e.commit.time, e.commit.actor, e.commit.host, e.commit.kind, e.commit.changed.length, e.commit.reason])),
    )));
    return 0;
  });
}
