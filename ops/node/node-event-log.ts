/**
 * Where the node's bus events (source state, connection status, audit losses) are logged. The
 * gateway's logs only exist once `Gateway.start` returns, yet the config source reports from its
 * first connect attempt, so entries wait here until the logs are attached; after the gateway has
 * closed its logs (drain), they go to stderr rather than nowhere.
 */
import type { GatewayLogs } from '../../core/observe/gateway-logs.js';

type Entry =
  | { readonly to: 'config'; readonly kind: string; readonly message: string; readonly atMs: number }
  | { readonly to: 'error'; readonly level: 'warn' | 'error' | 'info'; readonly component: string; readonly stage: string; readonly message: string; readonly atMs: number };

/** Entries held before the logs exist; beyond this the oldest are dropped (a long outage at start). */
const MAX_PENDING = 200;

/** The node's log of bus events: config log (`[nats][<kind>]`) and error log. */
export class NodeEventLog {
  private logs: GatewayLogs | undefined;
  private detached = false;
  private pending: Entry[] = [];

  /** Writes the held entries into `logs`, then every later one. */
  attach(logs: GatewayLogs): void {
    this.logs = logs;
    for (const entry of this.pending) this.write(entry);
    this.pending = [];
  }

  /** The logs are closed (or never opened: a failed start): held and later entries go to stderr. */
  detach(): void {
    this.logs = undefined;
    this.detached = true;
    for (const entry of this.pending) this.write(entry);
    this.pending = [];
  }

  /** A config-log entry about the bus (`[nats][source] connected, revision 12`). */
  config(kind: string, message: string): void {
    this.add({ to: 'config', kind, message, atMs: Date.now() });
  }

  /** An error-log entry. */
  error(component: string, stage: string, message: string, level: 'warn' | 'error' | 'info' = 'error'): void {
    this.add({ to: 'error', level, component, stage, message, atMs: Date.now() });
  }

  private add(entry: Entry): void {
    if (this.logs !== undefined || this.detached) {
      this.write(entry);
      return;
    }
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push(entry);
  }

  private write(entry: Entry): void {
    const logs = this.logs;
    if (logs === undefined) {
      const where = entry.to === 'config' ? `[nats][${entry.kind}]` : `[${entry.component}][${entry.stage}]`;
      process.stderr.write(`gantry: ${where} ${entry.message}\n`);
      return;
    }
    if (entry.to === 'config') logs.config.record('nats', entry.kind, entry.message, entry.atMs);
    else logs.error[entry.level](undefined, entry.component, entry.stage, entry.message, entry.atMs);
  }
}
