import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAuditEvent, type AuditEvent } from './audit-event.js';

/** Name of the spool file inside the spool directory. */
export const SPOOL_FILE_NAME = 'audit-spool.jsonl';

/** What a spool held at start. */
export interface SpoolContents {
  /** Events in the order they were written. */
  events: Array<{ event: AuditEvent; json: string }>;
  /** Lines that were not events (a line torn by a crash mid-write); skipped. */
  unreadableLines: number;
}

/**
 * The audit publisher's write-ahead file: one JSON event per line, appended before the event is
 * sent, so a process that dies with events undelivered replays them at its next start. Writes are
 * synchronous on purpose: audit events are rare (config changes), and an event must be on disk when
 * `publish` returns. One process per spool directory.
 */
export class AuditSpool {
  /** Absolute path of the spool file. */
  readonly path: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.path = join(directory, SPOOL_FILE_NAME);
  }

  /** Reads every event left by a previous process (with the exact text of its line). */
  read(): SpoolContents {
    if (!existsSync(this.path)) return { events: [], unreadableLines: 0 };
    const events: SpoolContents['events'] = [];
    let unreadableLines = 0;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const event = decodeAuditEvent(line);
      if (event) events.push({ event, json: line });
      else unreadableLines++;
    }
    return { events, unreadableLines };
  }

  /** Appends one encoded event (a JSON text without newlines). */
  append(json: string): void {
    // JSON.stringify never emits a raw newline, so one event is always exactly one line.
    appendFileSync(this.path, `${json}\n`);
  }

  /**
   * Replaces the file by these events (still undelivered), atomically: written aside, then renamed,
   * so a crash leaves either the old or the new list, never half of one.
   */
  rewrite(jsonLines: readonly string[]): void {
    if (jsonLines.length === 0) {
      this.clear();
      return;
    }
    const aside = `${this.path}.tmp`;
    writeFileSync(aside, jsonLines.map((json) => `${json}\n`).join(''));
    renameSync(aside, this.path);
  }

  /** Empties the file: everything in it was delivered. */
  clear(): void {
    if (existsSync(this.path)) truncateSync(this.path, 0);
  }
}
