import type { NodeStatus } from './node-status.js';

/** The bus id a worker of node `nodeId` follows the config plane under (`gantry serve --workers N --nats`). */
export function workerNodeId(nodeId: string, slot: number): string {
  return `${nodeId}-w${slot}`;
}

/**
 * The fleet as operators count it: a worker's own heartbeat row is dropped when its node reports
 * that worker in its `workers` list (the node's row already shows each worker's revision).
 */
export function withoutReportedWorkers(nodes: readonly NodeStatus[]): NodeStatus[] {
  const reported = new Set<string>();
  for (const node of nodes) for (const worker of node.workers ?? []) reported.add(workerNodeId(node.id, worker.id));
  return nodes.filter((node) => !reported.has(node.id));
}
