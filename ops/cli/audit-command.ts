import { jetstream, jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import type { AuditEvent } from '../../bus/audit/audit-event.js';
import { resolveSince } from '../../bus/audit/duration.js';
import { readAudit } from '../../bus/audit/read-audit.js';
import { CliError, parseVerbLine, positiveIntegerFlag, stringFlag, UsageError } from './cli-args.js';
import { natsFlagOptions, natsFlagsUsage, natsTargets, withBus } from './nats-flags.js';
import { outputFlagOption, outputFormat, renderTable } from './output.js';

export const auditUsage = `gantry audit tail [--since 1h] [--follow] [--limit N] [--kind KIND]... [-o json]
  Prints the audit trail (who changed what, and what each node did with it) from --since (a
  duration such as 30m, 1h, 7d, or an ISO date; default 1h). --follow keeps printing new events
  until Ctrl-C. --limit N shows the newest N (with --follow: stops after N). --kind filters
  (config.refused, config.*, node.command; repeatable). -o json prints one JSON event per line.
${natsFlagsUsage}`;

const STREAM_NOT_FOUND = 10059;
const HEADERS = ['time', 'kind', 'actor', 'node', 'key', 'rev', 'reason'];

function row(event: AuditEvent): unknown[] {
  return [event.time, event.kind, event.actor, event.node, event.key, event.revision, event.reason];
}

/** One line in columns of fixed width: while following, the widths of a table are unknowable. */
function followLine(cells: readonly unknown[]): string {
  const widths = [24, 16, 14, 10, 24, 6];
  const texts = cells.map((cell) => (cell === undefined || cell === '' ? '-' : String(cell)));
  return `${texts.map((text, i) => (i < widths.length ? text.padEnd(widths[i] ?? 0) : text)).join('  ').trimEnd()}\n`;
}

/** Reads the audit stream. */
export async function auditCommand(args: readonly string[]): Promise<number> {
  const options = {
    since: { type: 'string' }, follow: { type: 'boolean' }, limit: { type: 'string' }, kind: { type: 'string', multiple: true },
    ...outputFlagOption, ...natsFlagOptions,
  } as const;
  const { values: flags, positionals } = parseVerbLine(args, options, 1);
  if (positionals[0] !== 'tail') throw new UsageError(positionals[0] === undefined ? 'audit needs "tail"' : `unknown audit subcommand "${positionals[0]}" (use: audit tail)`);
  const since = stringFlag(flags.since) ?? '1h';
  try {
    resolveSince(since);
  } catch {
    throw new UsageError(`--since must be a duration (30m, 1h, 7d) or an ISO date, got "${since}"`);
  }
  const limit = flags.limit === undefined ? undefined : positiveIntegerFlag(flags.limit, '--limit', 1);
  const format = outputFormat(flags.output);
  const follow = flags.follow === true;
  const kindFlag: unknown = (flags as Record<string, unknown>).kind;
  const kinds = Array.isArray(kindFlag) ? kindFlag.map(String) : undefined;
  const targets = natsTargets(flags);
  return withBus(targets, async (nc) => {
    try {
      await (await jetstreamManager(nc)).streams.info(targets.auditStream);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND) {
        throw new CliError(`audit stream "${targets.auditStream}" does not exist: nothing was audited yet`);
      }
      throw error;
    }
    const stop = new AbortController();
    const onSigint = (): void => stop.abort();
    process.once('SIGINT', onSigint);
    const events: AuditEvent[] = [];
    try {
      if (follow && format === 'table') process.stdout.write(followLine(HEADERS.map((h) => h.toUpperCase())));
      // Following, --limit ends the read after N events; otherwise it keeps the newest N (a tail).
      const reading = readAudit(jetstream(nc), {
        stream: targets.auditStream, subjectPrefix: targets.auditPrefix, since, kinds, follow, signal: stop.signal, limit: follow ? limit : undefined,
      });
      for await (const event of reading) {
        if (follow) process.stdout.write(format === 'json' ? `${JSON.stringify(event)}\n` : followLine(row(event)));
        else events.push(event);
        if (limit !== undefined && events.length > limit) events.shift();
      }
    } finally {
      process.off('SIGINT', onSigint);
    }
    if (follow) return 0;
    process.stdout.write(format === 'json' ? events.map((event) => `${JSON.stringify(event)}\n`).join('') : renderTable(HEADERS, events.map(row)));
    return 0;
  });
}
