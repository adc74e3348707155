import { escapeLogField, escapeLogMessage } from './log-escape.js';
import { formatLogTime } from './log-time.js';
import type { LogWriter } from './log-writer.js';

/**
 * Formats one config-log line (no trailing newline): `<time> - [<source>][<kind>] <message>`.
 * `source` says where config came from (`file`, `nats`, `disk-cache`), `kind` what it was
 * (`snapshot`, `switch`, `plugin`).
 */
export function formatConfigLogLine(source: string, kind: string, message: string, nowMs: number): string {
  return `${formatLogTime(nowMs)} - [${escapeLogField(source)}][${escapeLogField(kind)}] ${escapeLogMessage(message)}`;
}

/** What an applied snapshot looked like, for `formatConfigAppliedMessage`. */
export interface ConfigAppliedDetails {
  readonly revision: number;
  /** Content hash (as short as the caller likes). */
  readonly hash: string;
  /** File name, KV key or other origin of the config. */
  readonly origin: string;
  /** Object counts, printed in insertion order as `<n> <name>` (no singular forms). */
  readonly counts: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/** Why a config was refused, for `formatConfigRefusedMessage`. */
export interface ConfigRefusedDetails {
  readonly origin: string;
  /** The validation error, naming the field (`apis[0].match.type: must be one of exact, prefix`). */
  readonly reason: string;
  /** Revision still served; undefined when nothing was applied yet. */
  readonly keptRevision: number | undefined;
}

/** `applied revision 3 hash=ab12cd from quickstart.yaml: 2 groups, 5 apis, 1 clusters, 2 bindings (12 ms)` */
export function formatConfigAppliedMessage(d: ConfigAppliedDetails): string {
  const counts = Object.entries(d.counts)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  return `applied revision ${d.revision} hash=${d.hash} from ${d.origin}: ${counts} (${Math.round(d.durationMs)} ms)`;
}

/** `refused quickstart.yaml: apis[0].match.type: must be one of exact, prefix; keeping revision 2` */
export function formatConfigRefusedMessage(d: ConfigRefusedDetails): string {
  const kept = d.keptRevision === undefined ? 'no revision applied yet' : `keeping revision ${d.keptRevision}`;
  return `refused ${d.origin}: ${d.reason}; ${kept}`;
}

/**
 * Config received and how it was loaded (`gantry-config.log`). Not filtered by log level: config
 * changes are rare and are exactly what an operator looks for after an incident.
 */
export class ConfigLog {
  constructor(readonly writer: LogWriter) {}

  /** Writes one entry. */
  record(source: string, kind: string, message: string, nowMs: number = Date.now()): void {
    if (!this.writer.enabled) return;
    this.writer.write(formatConfigLogLine(source, kind, message, nowMs));
  }

  /** Writes `[<source>][snapshot] applied revision ...`. */
  applied(source: string, details: ConfigAppliedDetails, nowMs?: number): void {
    this.record(source, 'snapshot', formatConfigAppliedMessage(details), nowMs);
  }

  /** Writes `[<source>][snapshot] refused ...`. */
  refused(source: string, details: ConfigRefusedDetails, nowMs?: number): void {
    this.record(source, 'snapshot', formatConfigRefusedMessage(details), nowMs);
  }
}
