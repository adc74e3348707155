/**
 * `--wait`: after a commit, watch the fleet (heartbeats and pings) until every node that answers
 * has applied the revision or refused it, or the time is up.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { collectNodes } from '../../bus/status/collect-nodes.js';
import type { NodeStatus } from '../../bus/status/node-status.js';
import { formatAge } from './output.js';

/** Where each node stands with one revision when the wait ended. */
export interface WaitOutcome {
  readonly revision: number;
  /** From the start of the wait to the moment every node was decided (or the timeout). */
  readonly elapsedMs: number;
  readonly timedOut: boolean;
  /** Nodes serving this revision or a newer one. */
  readonly applied: readonly NodeStatus[];
  /** Nodes whose last refusal is this revision (they keep serving an older one). */
  readonly refused: readonly NodeStatus[];
  /** Nodes still on an older revision. */
  readonly pending: readonly NodeStatus[];
}

/** How to wait. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly subjectRoot: string;
  /** Pause between two looks at the fleet, in ms. */
  readonly pollMs?: number;
}

function hasApplied(status: NodeStatus, revision: number): boolean {
  return status.appliedRevision !== null && status.appliedRevision >= revision;
}

function hasRefused(status: NodeStatus, revision: number): boolean {
  return !hasApplied(status, revision) && status.refused?.revision === revision;
}

function outcomeOf(revision: number, nodes: Iterable<NodeStatus>, elapsedMs: number, timedOut: boolean): WaitOutcome {
  const all = [...nodes].sort((a, b) => a.id.localeCompare(b.id));
  return {
    revision,
    elapsedMs,
    timedOut,
    applied: all.filter((n) => hasApplied(n, revision)),
    refused: all.filter((n) => hasRefused(n, revision)),
    pending: all.filter((n) => !hasApplied(n, revision) && !hasRefused(n, revision)),
  };
}

/**
 * Polls the fleet until every node heard from has applied or refused `revision`, or `timeoutMs`
 * passes. A node heard once stays counted (a missed heartbeat does not make it vanish), and per
 * node the freshest status wins.
 */
export async function waitForRevision(nc: NatsConnection, revision: number, options: WaitOptions): Promise<WaitOutcome> {
  const started = performance.now();
  const seen = new Map<string, NodeStatus>();
  for (;;) {
    const remaining = options.timeoutMs - (performance.now() - started);
    const statuses = await collectNodes(nc, { subjectRoot: options.subjectRoot, waitMs: Math.max(100, Math.min(2500, remaining)), stallMs: 150 });
    for (const status of statuses) {
      const known = seen.get(status.id);
      if (known === undefined || Date.parse(status.at) >= Date.parse(known.at)) seen.set(status.id, status);
    }
    const elapsedMs = performance.now() - started;
    const now = outcomeOf(revision, seen.values(), elapsedMs, false);
    if (seen.size > 0 && now.pending.length === 0) return now;
    if (elapsedMs >= options.timeoutMs) return { ...now, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 200, options.timeoutMs - elapsedMs)));
  }
}

/** True when the wait proves the whole fleet serves the revision. */
export function waitSucceeded(outcome: WaitOutcome): boolean {
  return outcome.applied.length > 0 && outcome.refused.length === 0 && outcome.pending.length === 0;
}

/** The lines a person reads after `--wait`. */
export function describeWait(outcome: WaitOutcome, timeoutMs: number): string {
  const { revision, applied, refused, pending } = outcome;
  const total = applied.length + refused.length + pending.length;
  if (total === 0) return `rev ${revision}: no node answered within ${formatAge(timeoutMs)}\n`;
  const lines = [`rev ${revision} applied on ${applied.length}/${total} nodes in ${Math.round(outcome.elapsedMs)} ms`];
  if (refused.length > 0) {
    lines.push(`refused by ${refused.length} node(s), which keep serving their previous revision:`);
    for (const node of refused) lines.push(`  ${node.id} (serving rev ${node.appliedRevision ?? '-'}): ${node.refused?.reason ?? 'no reason given'}`);
  }
  if (pending.length > 0) {
    lines.push(`still on an older revision after ${formatAge(timeoutMs)}:`);
    for (const node of pending) lines.push(`  ${node.id}: rev ${node.appliedRevision ?? '-'} (${node.state})`);
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON form of a wait. */
export function waitToJson(outcome: WaitOutcome): Record<string, unknown> {
  return {
    revision: outcome.revision,
    elapsedMs: Math.round(outcome.elapsedMs),
    timedOut: outcome.timedOut,
    nodes: outcome.applied.length + outcome.refused.length + outcome.pending.length,
    applied: outcome.applied.map((n) => n.id),
    refused: outcome.refused.map((n) => ({ id: n.id, servingRevision: n.appliedRevision, reason: n.refused?.reason })),
    pending: outcome.pending.map((n) => ({ id: n.id, revision: n.appliedRevision, state: n.state })),
  };
}
