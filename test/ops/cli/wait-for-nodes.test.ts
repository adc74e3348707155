import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHeartbeat, type NodeHeartbeat, type NodeStatusReport } from '../../../bus/status/index.js';
import { describeWait, waitForRevision, waitSucceeded } from '../../../ops/cli/wait-for-nodes.js';

function report(appliedRevision: number, refused?: NodeStatusReport['refused']): NodeStatusReport {
  const base: NodeStatusReport = {
    version: '0.1.0', uptimeMs: 1, state: 'serving', appliedRevision, appliedAt: '2024-01-01T00:00:00.000Z', snapshotAgeMs: 1, plugins: [],
  };
  return refused === undefined ? base : { ...base, refused };
}

describe('cli wait for nodes', () => {
  let nc: NatsConnection;
  let subjectRoot: string;
  const beats: NodeHeartbeat[] = [];
  beforeEach(async () => {
    nc = await connect({ servers: '127.0.0.1:4222' });
    subjectRoot = `waittest-${randomBytes(5).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(beats.splice(0).map((beat) => beat.stop()));
    await nc.close();
  });

  function node(nodeId: string, read: () => NodeStatusReport): void {
    beats.push(startHeartbeat(nc, read, { nodeId, subjectRoot, intervalMs: 100 }));
  }

  it('cli wait for nodes - ends as soon as every node applied the revision or a newer one', async () => {
    let n2 = 4;
    node('n1', () => report(6));
    node('n2', () => report(n2));
    setTimeout(() => { n2 = 5; }, 300);
    const outcome = await waitForRevision(nc, 5, { timeoutMs: 5000, subjectRoot });
    expect(outcome.timedOut).toBe(false);
    expect(outcome.applied.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(waitSucceeded(outcome)).toBe(true);
    expect(describeWait(outcome, 5000)).toMatch(/^rev 5 applied on 2\/2 nodes in \d+ ms\n$/);
  });

  it('cli wait for nodes - names the nodes that refused, and those still behind at the timeout', async () => {
    node('n1', () => report(4, { revision: 5, reason: 'apis[0].x: bad', at: '2024-01-01T00:00:01.000Z' }));
    node('n2', () => report(4));
    node('n3', () => report(5));
    const outcome = await waitForRevision(nc, 5, { timeoutMs: 600, subjectRoot });
    expect(outcome.timedOut).toBe(true);
    expect(waitSucceeded(outcome)).toBe(false);
    expect(describeWait(outcome, 600)).toMatch(new RegExp([
      '^rev 5 applied on 1/3 nodes in \\d+ ms',
      'refused by 1 node\\(s\\), which keep serving their previous revision:',
      ' {2}n1 \\(serving rev 4\\): apis\\[0\\]\\.x: bad',
      'still on an older revision after 600ms:',
      ' {2}n2: rev 4 \\(serving\\)\\n$',
    ].join('\\n')));
  });

  it('cli wait for nodes - with no node at all it says so and does not succeed', async () => {
    const outcome = await waitForRevision(nc, 3, { timeoutMs: 300, subjectRoot });
    expect(waitSucceeded(outcome)).toBe(false);
    expect(describeWait(outcome, 300)).toBe('rev 3: no node answered within 300ms\n');
  });
});
