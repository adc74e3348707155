import type { NatsConnection } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectNodes, nodesPingSubject, startHeartbeat, type NodeHeartbeat } from '../../../bus/status/index.js';
import { openStatusConnection, servingReport } from './status-fixture.js';

describe('collectNodes', () => {
  let nc: NatsConnection;
  let subjectRoot: string;
  const running: NodeHeartbeat[] = [];
  beforeEach(async () => { ({ nc, subjectRoot } = await openStatusConnection()); });
  afterEach(async () => {
    for (const heartbeat of running.splice(0)) await heartbeat.stop();
    await nc.close();
  });

  function startNode(nodeId: string, options: { intervalMs: number; answerPings: boolean }, revision: number): void {
    running.push(startHeartbeat(nc, () => servingReport({ appliedRevision: revision }), { nodeId, subjectRoot, ...options }));
  }

  it('collectNodes - the ping path sees every node without waiting for a heartbeat', async () => {
    // Heartbeats an hour apart: only the ping can explain seeing them.
    startNode('gw-b', { intervalMs: 3_600_000, answerPings: true }, 7);
    startNode('gw-a', { intervalMs: 3_600_000, answerPings: true }, 8);
    await nc.flush();
    const nodes = await collectNodes(nc, { subjectRoot, waitMs: 10_000, stallMs: 100 });
    expect(nodes.map((node) => [node.id, node.appliedRevision])).toEqual([['gw-a', 8], ['gw-b', 7]]);
    expect(nodes[0]).toMatchObject({ state: 'serving', plugins: servingReport().plugins });
  });

  it('collectNodes - listening alone sees two nodes by their heartbeats', async () => {
    startNode('gw-1', { intervalMs: 40, answerPings: false }, 1);
    startNode('gw-2', { intervalMs: 40, answerPings: false }, 2);
    const nodes = await collectNodes(nc, { subjectRoot, waitMs: 300, ping: false });
    expect(nodes.map((node) => node.id)).toEqual(['gw-1', 'gw-2']);
  });

  it('collectNodes - nodes that do not answer pings are still heard within waitMs', async () => {
    startNode('gw-quiet', { intervalMs: 40, answerPings: false }, 3);
    const nodes = await collectNodes(nc, { subjectRoot, waitMs: 300 });
    expect(nodes.map((node) => node.id)).toEqual(['gw-quiet']);
  });

  it('collectNodes - the ping is answered with the status JSON', async () => {
    startNode('gw-p', { intervalMs: 3_600_000, answerPings: true }, 9);
    await nc.flush();
    const answer = await nc.request(nodesPingSubject(subjectRoot), '');
    expect(answer.json()).toMatchObject({ id: 'gw-p', appliedRevision: 9, version: '0.1.0' });
  });

  it('collectNodes - no node at all gives an empty list', async () => {
    expect(await collectNodes(nc, { subjectRoot, waitMs: 100 })).toEqual([]);
  });
});
