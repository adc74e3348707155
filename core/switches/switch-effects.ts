/**
 * Where switch values take effect on one node. Nothing here runs per call: each change (or new
 * snapshot) is pushed into the place the hot path already reads — the API cells, the error log's
 * level, the digest log's sampling rate.
 */
import type { SwitchSource } from '../gateway/switch-source.js';
import { isLogLevel, type LogLevel } from '../observe/log-level.js';
import { refreshApiSwitches, type SwitchedApi } from './api-switch-state.js';
import { BuiltinSwitchNames } from './builtin-switches.js';

/** The snapshots a node serves (the SnapshotManager fits): the live one, and news of each new one. */
export interface SwitchedSnapshots {
  readonly current: { readonly apis: ReadonlyMap<string, SwitchedApi> };
  onOutcome(listener: (outcome: { readonly kind: string }) => void): () => void;
}

/** The logs whose settings switches drive (GatewayLogs fits). */
export interface SwitchedLogs {
  setLevel(level: LogLevel): void;
  readonly digest: { readonly sampleRatePercent: number; setSampleRatePercent(percent: number): void };
}

/** What switches act on in one node. */
export interface SwitchEffectTargets {
  readonly snapshots: SwitchedSnapshots;
  readonly logs: SwitchedLogs;
  /** The level the node was started with; it applies again when `gantry.log.level` is unset. */
  readonly logLevel: LogLevel;
}

/** A binding between a switch source and a node; `close` stops it. */
export interface SwitchEffects {
  /** Recomputes every API's cells now (normally done on each change and each new snapshot). */
  refresh(): void;
  close(): void;
}

const CELL_SWITCHES: ReadonlySet<string> = new Set([BuiltinSwitchNames.apiOffline, BuiltinSwitchNames.apiDegrade, BuiltinSwitchNames.pluginEnabled]);

/**
 * Makes `switches` act on a node from now on: values already held apply at once, then every
 * change. A new snapshot gets its cells in the listener of its `applied` outcome, which the
 * snapshot manager publishes in the same synchronous turn as the swap, so no call ever runs on a
 * new snapshot whose cells were not yet written.
 */
export function bindSwitchEffects(switches: SwitchSource, targets: SwitchEffectTargets): SwitchEffects {
  const { snapshots, logs } = targets;
  const startSamplePercent = logs.digest.sampleRatePercent;

  const refresh = (): void => {
    refreshApiSwitches(switches, snapshots.current.apis.values());
  };
  // Values from a source that does not validate (fixed test switches) fall back rather than throw.
  const applyLogLevel = (): void => {
    const level = switches.resolve(BuiltinSwitchNames.logLevel);
    logs.setLevel(isLogLevel(level) ? level : targets.logLevel);
  };
  const applySampling = (): void => {
    const percent = switches.resolve(BuiltinSwitchNames.digestSamplePercent);
    const valid = typeof percent === 'number' && percent >= 0 && percent <= 100;
    logs.digest.setSampleRatePercent(valid ? percent : startSamplePercent);
  };

  // At bind time only values actually set apply: the node's own settings stand otherwise.
  if (switches.resolve(BuiltinSwitchNames.logLevel) !== undefined) applyLogLevel();
  if (switches.resolve(BuiltinSwitchNames.digestSamplePercent) !== undefined) applySampling();
  refresh();

  const stopChanges = switches.onChange((changed) => {
    if (changed.has(BuiltinSwitchNames.logLevel)) applyLogLevel();
    if (changed.has(BuiltinSwitchNames.digestSamplePercent)) applySampling();
    for (const name of changed) {
      if (CELL_SWITCHES.has(name)) {
        refresh();
        break;
      }
    }
  });
  const stopOutcomes = snapshots.onOutcome((outcome) => {
    if (outcome.kind === 'applied') refresh();
  });
  return {
    refresh,
    close() {
      stopChanges();
      stopOutcomes();
    },
  };
}
