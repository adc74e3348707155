/**
 * The default per-node key/value store of WASM plugins: memory of this process only. Nodes do not
 * share it and a restart empties it; it suits counters and caches, not state that must survive.
 * Each plugin (by name, across its versions) has its own space and quota.
 */
import type { PluginKeyValueStore } from './types.js';

/** Limits of one plugin's space. */
export interface KeyValueQuota {
  readonly maxKeys: number;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
  readonly maxTotalBytes: number;
}

export function defaultKeyValueQuota(): KeyValueQuota {
  return { maxKeys: 1024, maxKeyBytes: 256, maxValueBytes: 65_536, maxTotalBytes: 1_048_576 };
}

interface Space {
  readonly entries: Map<string, Uint8Array>;
  bytes: number;
}

export class MemoryKeyValueStore implements PluginKeyValueStore {
  private readonly spaces = new Map<string, Space>();

  constructor(private readonly quota: KeyValueQuota = defaultKeyValueQuota()) {}

  get(plugin: string, key: string): Uint8Array | undefined {
    return this.spaces.get(plugin)?.entries.get(key);
  }

  set(plugin: string, key: string, value: Uint8Array | undefined): boolean {
    let space = this.spaces.get(plugin);
    if (space === undefined) {
      space = { entries: new Map(), bytes: 0 };
      this.spaces.set(plugin, space);
    }
    const old = space.entries.get(key);
    const oldBytes = old === undefined ? 0 : key.length + old.length;
    if (value === undefined) {
      space.entries.delete(key);
      space.bytes -= oldBytes;
      return true;
    }
    const keyBytes = Buffer.byteLength(key);
    if (keyBytes > this.quota.maxKeyBytes || value.length > this.quota.maxValueBytes) return false;
    if (old === undefined && space.entries.size >= this.quota.maxKeys) return false;
    const newBytes = key.length + value.length;
    if (space.bytes - oldBytes + newBytes > this.quota.maxTotalBytes) return false;
    space.entries.set(key, value.slice());
    space.bytes += newBytes - oldBytes;
    return true;
  }
}

/** The store shared by every WASM plugin of this process unless the caller passes its own. */
export const processKeyValueStore = new MemoryKeyValueStore();
