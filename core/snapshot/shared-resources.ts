/** Something a snapshot uses that is expensive or stateful: pools, breakers, plugin instances. */
interface Entry {
  readonly value: unknown;
  refs: number;
  readonly close: () => void | Promise<void>;
}

/** Told when closing a released resource failed; closing never throws into the releaser. */
export type CloseErrorHandler = (key: string, error: unknown) => void;

/**
 * Resources shared by the snapshots alive at one time, keyed by the content of their config.
 * Compiling a snapshot acquires what it needs: an unchanged key returns the existing object (so a
 * config change elsewhere resets nothing here); a resource is closed when its last holder releases.
 */
export class SharedResources {
  private readonly entries = new Map<string, Entry>();
  /** Async creations under way, so concurrent acquirers of one key share one creation. */
  private readonly creating = new Map<string, Promise<unknown>>();

  /** @param onCloseError where close failures go when a release names no handler of its own */
  constructor(private readonly onCloseError?: CloseErrorHandler) {}

  /** Returns the resource for `key`, creating it on first use; the caller owns one reference. */
  acquire<T>(key: string, create: () => T, close: (value: T) => void | Promise<void>): T {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.refs++;
      return existing.value as T;
    }
    const value = create();
    this.entries.set(key, { value, refs: 1, close: () => close(value) });
    return value;
  }

  /**
   * Async creation (plugin warm-up). A second acquirer of a key whose creation is under way waits
   * for it and shares the result, rather than creating (and leaking) a duplicate.
   */
  async acquireAsync<T>(key: string, create: () => Promise<T>, close: (value: T) => void | Promise<void>): Promise<T> {
    for (;;) {
      const existing = this.entries.get(key);
      if (existing !== undefined) {
        existing.refs++;
        return existing.value as T;
      }
      const pending = this.creating.get(key);
      if (pending === undefined) break;
      // If that creation fails, the loop finds no entry and this caller tries itself.
      await pending.catch(() => undefined);
    }
    const creation = create();
    this.creating.set(key, creation);
    try {
      const value = await creation;
      this.entries.set(key, { value, refs: 1, close: () => close(value) });
      return value;
    } finally {
      this.creating.delete(key);
    }
  }

  /** Drops one reference; closes the resource when none remain. Close errors are reported, not thrown. */
  release(key: string, onCloseError: CloseErrorHandler | undefined = this.onCloseError): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    entry.refs--;
    if (entry.refs > 0) return;
    this.entries.delete(key);
    try {
      const closing = entry.close();
      if (closing instanceof Promise) closing.catch((error: unknown) => onCloseError?.(key, error));
    } catch (error) {
      onCloseError?.(key, error);
    }
  }

  /** Number of live resources (for tests and leak checks). */
  get size(): number {
    return this.entries.size;
  }

  /** Every live key, for diagnostics. */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}

/** The keys one holder (a snapshot, a cluster) acquired, so it can release exactly those. */
export class ResourceLease {
  private readonly held: string[] = [];

  constructor(private readonly resources: SharedResources) {}

  acquire<T>(key: string, create: () => T, close: (value: T) => void | Promise<void>): T {
    const value = this.resources.acquire(key, create, close);
    this.held.push(key);
    return value;
  }

  async acquireAsync<T>(key: string, create: () => Promise<T>, close: (value: T) => void | Promise<void>): Promise<T> {
    const value = await this.resources.acquireAsync(key, create, close);
    this.held.push(key);
    return value;
  }

  /** Releases everything this lease holds; safe to call more than once (later calls release nothing). */
  releaseAll(onCloseError?: CloseErrorHandler): void {
    for (const key of this.held.splice(0)) this.resources.release(key, onCloseError);
  }
}

/** Deterministic JSON (sorted keys) so equal configs give equal resource keys. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
