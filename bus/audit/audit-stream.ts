import {
  DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType,
  type JetStreamManager, type StreamConfig, type StreamInfo,
} from '@nats-io/jetstream';

const DAY_MS = 24 * 60 * 60 * 1000;
// The server's answer when a stream of that name exists with another config.
const STREAM_NAME_IN_USE = 10058;

/** Settings of the audit stream. */
export interface AuditStreamOptions {
  /** Stream name. */
  name: string;
  /** Subject prefix; the stream captures `<subjectPrefix>.>`. */
  subjectPrefix: string;
  /** Events older than this are removed, in ms; 0 keeps them forever. */
  maxAgeMs: number;
  /** Size limit of the stream in bytes (oldest events go first); -1 for none. */
  maxBytes: number;
  /** Window in which a re-sent event id is recognised and not stored twice, in ms. */
  duplicateWindowMs: number;
  /** Replicas in a clustered JetStream (1–5). */
  replicas: number;
  /**
   * Forbid deleting single messages through the API. Cannot be turned off once on (server rule):
   * an audit trail with holes cut into it is worse than none.
   */
  denyDelete: boolean;
}

/** Defaults: `GANTRY_AUDIT` on `gantry.audit.>`, 30 days, 1 GiB, 10-minute dedup window, 1 replica. */
export function defaultAuditStreamOptions(): AuditStreamOptions {
  return {
    name: 'GANTRY_AUDIT',
    subjectPrefix: 'gantry.audit',
    maxAgeMs: 30 * DAY_MS,
    maxBytes: 1024 * 1024 * 1024,
    // Why 10 minutes, not the server's 2: a publisher that lost its ack during an outage re-sends after
    // the connection returns, and a restarted process replays its spool; both fall inside this window.
    duplicateWindowMs: 10 * 60 * 1000,
    replicas: 1,
    denyDelete: true,
  };
}

function checkAuditStreamOptions(options: AuditStreamOptions): void {
  if (options.maxAgeMs > 0 && options.duplicateWindowMs > options.maxAgeMs) {
    throw new RangeError(`audit stream: duplicateWindowMs (${options.duplicateWindowMs}) must not exceed maxAgeMs (${options.maxAgeMs})`);
  }
  if (options.duplicateWindowMs <= 0) throw new RangeError('audit stream: duplicateWindowMs must be > 0');
  if (!Number.isInteger(options.replicas) || options.replicas < 1 || options.replicas > 5) {
    throw new RangeError(`audit stream: replicas must be 1..5, got ${options.replicas}`);
  }
}

function toNanos(ms: number): number {
  return ms * 1_000_000;
}

/** The stream config Gantry wants for these options (the part it owns; the server fills the rest). */
export function auditStreamConfig(options: AuditStreamOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: options.name,
    description: 'Gantry audit trail: who changed what, old → new',
    subjects: [`${options.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: toNanos(options.maxAgeMs),
    max_bytes: options.maxBytes,
    max_msgs: -1,
    duplicate_window: toNanos(options.duplicateWindowMs),
    num_replicas: options.replicas,
    deny_delete: options.denyDelete,
  };
}

/**
 * Creates the audit stream, or brings an existing one to these limits. Safe to call from every node
 * at every start, concurrently: adding an identical stream is a no-op on the server, and a stream that
 * exists with other settings is updated in place (its events are kept).
 */
export async function ensureAuditStream(
  jsm: JetStreamManager,
  options: Partial<AuditStreamOptions> = {},
): Promise<StreamInfo> {
  const resolved = { ...defaultAuditStreamOptions(), ...options };
  checkAuditStreamOptions(resolved);
  const config = auditStreamConfig(resolved);
  try {
    return await jsm.streams.add(config);
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== STREAM_NAME_IN_USE) throw err;
  }
  // storage and retention cannot change on update; they are Gantry's own choices, so leave them out.
  const { name, storage: _storage, retention: _retention, ...updatable } = config;
  return jsm.streams.update(name, updatable);
}
