import { setTimeout as sleep } from 'node:timers/promises';
import type { KvEntry } from '@nats-io/kv';
import type { SwitchBoard } from '../../core/switches/switch-board.js';
import { SwitchError } from '../../core/switches/switch-error.js';
import type { SwitchAddress } from '../../core/switches/switch-scope.js';
import { decodeStoredSwitch, type StoredSwitch } from './stored-switch.js';
import { SwitchBucketWatch } from './switch-bucket-watch.js';
import { parseSwitchKey } from './switch-keys.js';
import { defaultNatsSwitchSourceOptions, type NatsSwitchSourceOptions, type NatsSwitchSourceState } from './nats-switch-source-options.js';

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Feeds a node's SwitchBoard from the switch bucket. Each value is validated by the board against
 * the definitions this node knows (built-ins and its plugins'); a value it refuses leaves the
 * previous one in place and is reported once (`onRefused`), so the node can audit it.
 *
 * Decision table for one bucket entry:
 *
 *   entry                                   | board                          | reported
 *   ----------------------------------------|--------------------------------|-----------------------
 *   a value, valid                          | set                            | -
 *   a value for a switch unknown here       | held aside until declared      | -
 *   a value the definition refuses          | previous value kept            | onRefused (once)
 *   unreadable key or value                 | previous value kept            | onRefused (once)
 *   a deletion (DEL/PURGE)                  | value removed: next scope wins | -
 *   a key held before, absent from a replay | value removed (deleted while   | -
 *     (after a reconnect)                   |   this node was cut off)       |
 */
export class NatsSwitchSource {
  private readonly options: NatsSwitchSourceOptions;
  private readonly watch: SwitchBucketWatch;
  private current: NatsSwitchSourceState = { connected: false, synced: false, revision: 0 };
  /** Keys this source put on the board, with their address (to remove them again). */
  private readonly held = new Map<string, SwitchAddress>();
  /** Revision last reported as refused, per key: a refusal is reported once, not at every replay. */
  private readonly refusedRevision = new Map<string, number>();
  /** Highest revision applied; published in the state once per replay or change. */
  private revision = 0;
  private firstSync: (() => void) | undefined;
  private readonly firstSynced: Promise<void>;

  constructor(readonly board: SwitchBoard, options: Partial<NatsSwitchSourceOptions> = {}) {
    this.options = { ...defaultNatsSwitchSourceOptions(), ...options };
    this.firstSynced = new Promise((resolve) => {
      this.firstSync = resolve;
    });
    this.watch = new SwitchBucketWatch(this.options, {
      synced: (entries) => this.guarded(() => this.replay(entries)),
      changed: (entry) => this.guarded(() => {
        this.board.batch(() => this.apply(entry));
        this.setState({ revision: this.revision });
      }),
      connected: (up) => this.setState({ connected: up }),
      failed: (error) => this.options.onError(error),
    });
  }

  get state(): NatsSwitchSourceState {
    return this.current;
  }

  /**
   * Starts following the bucket; resolves with the state once its values are on the board, or
   * after `connectTimeoutMs` without them (NATS down): the node then serves with the values it has
   * and takes the bucket's as soon as NATS answers.
   */
  async start(): Promise<NatsSwitchSourceState> {
    this.watch.start();
    const timer = new AbortController();
    const timeout = sleep(this.options.connectTimeoutMs, undefined, { signal: timer.signal }).catch(() => undefined);
    await Promise.race([this.firstSynced, timeout]);
    timer.abort();
    return this.current;
  }

  /** Stops following; the values stay on the board. */
  async close(): Promise<void> {
    await this.watch.close();
    this.firstSync?.();
  }

  /** A board listener that throws must not break the watch: it is reported, and the watch goes on. */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.onError(asError(error));
    }
  }

  /** A session's replay: the whole truth of the bucket, applied as one change. */
  private replay(entries: readonly KvEntry[]): void {
    const seen = new Set(entries.map((entry) => entry.key));
    this.board.batch(() => {
      for (const [key, address] of [...this.held]) {
        if (seen.has(key)) continue;
        this.board.delete(address);
        this.held.delete(key);
      }
      for (const entry of entries) this.apply(entry);
    });
    this.setState({ synced: true, revision: this.revision });
    this.firstSync?.();
  }

  private apply(entry: KvEntry): void {
    const { key, revision } = entry;
    this.revision = Math.max(this.revision, revision);
    if (entry.operation !== 'PUT') {
      const address = this.held.get(key);
      if (address !== undefined) this.board.delete(address);
      this.held.delete(key);
      this.refusedRevision.delete(key);
      return;
    }
    let address: SwitchAddress | undefined;
    let stored: StoredSwitch | undefined;
    try {
      address = parseSwitchKey(key);
      stored = decodeStoredSwitch(entry.value, key);
    } catch (error) {
      if (!(error instanceof SwitchError)) throw error;
      this.refuse(entry, address, stored, error);
      return;
    }
    const update = this.board.set(address, stored.value);
    if (update.kind === 'refused') {
      this.refuse(entry, address, stored, update.error);
      return;
    }
    this.held.set(key, address);
    this.refusedRevision.delete(key);
  }

  private refuse(entry: KvEntry, address: SwitchAddress | undefined, stored: StoredSwitch | undefined, error: SwitchError): void {
    if (this.refusedRevision.get(entry.key) === entry.revision) return;
    this.refusedRevision.set(entry.key, entry.revision);
    const kept = address === undefined ? undefined : this.board.valueAt(address);
    this.options.onRefused({ key: entry.key, revision: entry.revision, address, value: stored?.value, kept, actor: stored?.actor ?? '', error });
  }

  private setState(change: Partial<NatsSwitchSourceState>): void {
    if (Object.entries(change).every(([k, v]) => this.current[k as keyof NatsSwitchSourceState] === v)) return;
    this.current = { ...this.current, ...change };
    this.options.onStateChange(this.current);
  }
}
