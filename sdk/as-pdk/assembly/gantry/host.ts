// The host functions the gateway offers (sdk/ABI.md): the binding's config, switches, a per-node
// key/value store, logging and a coarse clock. Nothing else is available to a plugin.
import { Memory } from "@extism/as-pdk";
import { length } from "@extism/as-pdk/lib/env";
import { JsonValue, parseJson } from "./json";

@external("extism:host/user", "gantry_config")
declare function gantry_config(): u64;
@external("extism:host/user", "gantry_switch")
declare function gantry_switch(name: u64): u64;
@external("extism:host/user", "gantry_kv_get")
declare function gantry_kv_get(key: u64): u64;
@external("extism:host/user", "gantry_kv_set")
declare function gantry_kv_set(key: u64, value: u64): i32;
@external("extism:host/user", "gantry_log")
declare function gantry_log(level: i32, message: u64): void;
@external("extism:host/user", "gantry_now_ms")
declare function gantry_now_ms(): i64;

function textAt(offset: u64): string {
  return new Memory(offset, length(offset)).toString();
}

let cachedConfig: JsonValue | null = null;

// This binding's config (validated against the manifest's configSchema, defaults filled in),
// parsed once per instance: an instance serves one binding, whose config never changes.
export function config(): JsonValue {
  let parsed = cachedConfig;
  if (parsed === null) {
    parsed = parseJson(textAt(gantry_config()));
    cachedConfig = parsed;
  }
  return parsed;
}

// The value of a switch for the current call's API (node > api > group > global > default), or
// null for a switch nobody declared.
export function switchValue(name: string): JsonValue | null {
  const offset = gantry_switch(Memory.allocateString(name).offset);
  if (offset == 0) return null;
  return parseJson(textAt(offset));
}

// Per-node plugin state: this gateway process only, not shared between nodes, lost on restart.
export function kvGet(key: string): string | null {
  const offset = gantry_kv_get(Memory.allocateString(key).offset);
  if (offset == 0) return null;
  return textAt(offset);
}

// False when the plugin's quota would be exceeded.
export function kvSet(key: string, value: string): bool {
  return gantry_kv_set(Memory.allocateString(key).offset, Memory.allocateString(value).offset) == 1;
}

export function kvDelete(key: string): void {
  gantry_kv_set(Memory.allocateString(key).offset, 0);
}

export enum Level {
  Debug = 0,
  Info = 1,
  Warn = 2,
  Error = 3,
}

// A line in the gateway's error log, tagged with the plugin's name.
export function log(level: Level, message: string): void {
  gantry_log(<i32>level, Memory.allocateString(message).offset);
}

// Epoch milliseconds when the call started; it does not advance during a call.
export function nowMs(): i64 {
  return gantry_now_ms();
}
