import type { NatsConnection } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeNodeStatus, nodeStatusSubject, startHeartbeat, type NodeStatus } from '../../../bus/status/index.js';
import { openStatusConnection, servingReport } from './status-fixture.js';

describe('heartbeat', () => {
  let nc: NatsConnection;
  let subjectRoot: string;
  beforeEach(async () => { ({ nc, subjectRoot } = await openStatusConnection()); });
  afterEach(async () => { await nc.close(); });

  /** Resolves the next `count` heartbeats of `nodeId`. */
  function nextBeats(nodeId: string, count: number): Promise<NodeStatus[]> {
    const beats: NodeStatus[] = [];
    return new Promise((resolve) => {
      const sub = nc.subscribe(nodeStatusSubject(nodeId, subjectRoot), {
        callback: (_err, msg) => {
          const status = decodeNodeStatus(msg.string());
          if (status) beats.push(status);
          if (beats.length === count) {
            sub.unsubscribe();
            resolve(beats);
          }
        },
      });
    });
  }

  it('heartbeat - publishes the callback data, stamped with id and time, every interval', async () => {
    let uptimeMs = 0;
    const beats = nextBeats('gw-1', 3);
    await nc.flush();
    const heartbeat = startHeartbeat(nc, () => servingReport({ uptimeMs: (uptimeMs += 100) }), { nodeId: 'gw-1', intervalMs: 50, subjectRoot });
    try {
      const received = await beats;
      expect(received[0]).toMatchObject({ ...servingReport(), id: 'gw-1', uptimeMs: 100 });
      expect(received.map((status) => status.uptimeMs)).toEqual([100, 200, 300]);
      for (const status of received) expect(Number.isNaN(Date.parse(status.at))).toBe(false);
      expect(heartbeat.counters.beats).toBeGreaterThanOrEqual(3);
    } finally {
      await heartbeat.stop();
    }
  });

  it('heartbeat - a throwing callback skips that beat and the next ones still go out', async () => {
    let calls = 0;
    const beats = nextBeats('gw-2', 2);
    await nc.flush();
    const heartbeat = startHeartbeat(nc, () => {
      calls++;
      if (calls === 2) throw new Error('snapshot busy');
      return servingReport({ uptimeMs: calls });
    }, { nodeId: 'gw-2', intervalMs: 30, subjectRoot });
    try {
      expect((await beats).map((status) => status.uptimeMs)).toEqual([1, 3]);
      expect(heartbeat.counters.statusErrors).toBe(1);
    } finally {
      await heartbeat.stop();
    }
  });

  it('heartbeat - beatNow publishes off the regular beat; stop ends the beats', async () => {
    const heartbeat = startHeartbeat(nc, () => servingReport({ state: 'draining' }), { nodeId: 'gw-3', intervalMs: 60_000, subjectRoot });
    const beats = nextBeats('gw-3', 1);
    await nc.flush();
    await heartbeat.beatNow();
    expect((await beats)[0]?.state).toBe('draining');
    await heartbeat.stop();
    const before = heartbeat.counters.beats;
    await heartbeat.beatNow();
    expect(heartbeat.counters.beats).toBe(before);
  });

  it('heartbeat - a node id that is not one subject token is refused', () => {
    expect(() => startHeartbeat(nc, () => servingReport(), { nodeId: 'gw.example.com', subjectRoot })).toThrow(/gw\.example\.com/);
    expect(() => startHeartbeat(nc, () => servingReport(), { nodeId: 'gw', intervalMs: 0, subjectRoot })).toThrow(/intervalMs/);
  });
});
