/**
 * Flip latency: `gantry.log.level` written alternately `warn` / `info` at global scope; each node
 * reports, through its SwitchBoard's listener, the moment its error log took the new level. The
 * listener is added after the gateway's own, so the level is in force when it runs.
 */
import { performance } from 'node:perf_hooks';
import type { KV } from '@nats-io/kv';
import { writeSwitch } from '../../../bus/switches/index.js';
import { BuiltinSwitchNames, builtinSwitches, GLOBAL_SCOPE, type SwitchDefinition } from '../../../core/switches/index.js';
import type { NatsNode } from '../../node/index.js';
import { sleep } from './stats.js';

/** Latencies of one run, in ms. */
export interface FlipLatencyResult {
  /** Per node and flip: write completion → applied (0 when the node applied before the write's ack came back). */
  readonly afterWrite: number[];
  /** Per node and flip: write start → applied (the operator's view). */
  readonly fromStart: number[];
  /** Per flip: write completion → the last of the nodes applied. */
  readonly allApplied: number[];
  /** Flips not applied by every node within the timeout. */
  readonly missed: number;
}

const FLIP_TIMEOUT_MS = 2000;
const meta = { actor: 'bench', reason: 'control-plane bench: flip latency' } as const;

function logLevelDefinition(): SwitchDefinition {
  const found = builtinSwitches.find((d) => d.name === BuiltinSwitchNames.logLevel);
  if (found === undefined) throw new Error('gantry.log.level is not a built-in switch');
  return found;
}

/** Flips `flips` times, one at a time, and waits for every node after each. */
export async function measureFlipLatency(kv: KV, nodes: readonly NatsNode[], flips: number): Promise<FlipLatencyResult> {
  const definition = logLevelDefinition();
  const afterWrite: number[] = [];
  const fromStart: number[] = [];
  const allApplied: number[] = [];
  let missed = 0;
  let expected = '';
  let appliedAt = new Map<string, number>();
  let everyone: () => void = () => undefined;
  const unsubscribe = nodes.map((node) =>
    node.switches.onChange((changed) => {
      if (!changed.has(BuiltinSwitchNames.logLevel) || node.gateway.logs.level !== expected || appliedAt.has(node.nodeId)) return;
      appliedAt.set(node.nodeId, performance.now());
      if (appliedAt.size === nodes.length) everyone();
    }),
  );
  try {
    for (let i = 0; i < flips; i++) {
      expected = i % 2 === 0 ? 'warn' : 'info';
      appliedAt = new Map();
      const done = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), FLIP_TIMEOUT_MS);
        everyone = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      const started = performance.now();
      await writeSwitch(kv, definition, { scope: GLOBAL_SCOPE }, expected, meta);
      const written = performance.now();
      if (!(await done)) {
        missed++;
        continue;
      }
      for (const at of appliedAt.values()) {
        afterWrite.push(Math.max(0, at - written));
        fromStart.push(at - started);
      }
      allApplied.push(Math.max(0, Math.max(...appliedAt.values()) - written));
      // A short pause, so flips do not queue behind one another on the nodes.
      await sleep(2);
    }
  } finally {
    for (const off of unsubscribe) off();
  }
  return { afterWrite, fromStart, allApplied, missed };
}
