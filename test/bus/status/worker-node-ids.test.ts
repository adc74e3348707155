import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../../bus/status/node-status.js';
import { withoutReportedWorkers, workerNodeId } from '../../../bus/status/worker-node-ids.js';

function node(id: string, workers?: number[]): NodeStatus {
  const status = { id, workers: workers?.map((slot) => ({ id: slot, pid: 100 + slot, revision: 7, ready: true, restarts: 0 })) };
  return status as unknown as NodeStatus;
}

describe('worker node ids', () => {
  it('worker rows - a worker reported by its node is not listed again; others stay', () => {
    const nodes = [node('a', [1, 2]), node(workerNodeId('a', 1)), node(workerNodeId('a', 2)), node('b'), node(workerNodeId('c', 1))];
    expect(withoutReportedWorkers(nodes).map((n) => n.id)).toEqual(['a', 'b', 'c-w1']);
  });

  it('worker rows - a worker whose node has not reported it yet is still shown', () => {
    expect(withoutReportedWorkers([node('a', [1]), node('a-w1'), node('a-w2')]).map((n) => n.id)).toEqual(['a', 'a-w2']);
  });
});
