import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../support/gateway-harness.js';
import { startHttpUpstream, type TestUpstream } from '../../support/upstreams.js';
import { call, closable, cluster, gatewayConfig, httpApi, useCleanup, type ClusterOptions } from './invoke-fixtures.js';

const track = useCleanup();

/** Three echo upstreams behind one cluster; `servedBy` returns the port that answered each call. */
async function balanced(options: ClusterOptions, endpoints = 3) {
  const upstreams: TestUpstream[] = [];
  for (let i = 0; i < endpoints; i++) upstreams.push(track(await startHttpUpstream()));
  const clusterConfig = cluster('c', upstreams.map((u) => u.url), options);
  const gw = track(closable(await startTestGateway(gatewayConfig([httpApi('lb', '/lb', 'c')], [clusterConfig]))));
  const servedBy = async (calls: number): Promise<number[]> => {
    const ports: number[] = [];
    for (let i = 0; i < calls; i++) {
      const answer = await call(`${gw.url}/lb`);
      expect(answer.status).toBe(200);
      ports.push((answer.json as { port: number }).port);
    }
    return ports;
  };
  return { ports: upstreams.map((u) => u.port), servedBy };
}

function countOf(values: readonly number[], value: number): number {
  return values.filter((v) => v === value).length;
}

describe('load balancing', () => {
  it('load balancing - round-robin walks the endpoints in order, exactly', async () => {
    const { ports, servedBy } = await balanced({ lb: 'round-robin' });
    const served = await servedBy(12);
    expect(served).toEqual([...ports, ...ports, ...ports, ...ports]);
  });

  it('load balancing - weighted 3:1 gives exactly 75/25 over 40 calls, spread smoothly', async () => {
    const { ports, servedBy } = await balanced({ lb: 'weighted', weights: [3, 1] }, 2);
    const [heavy, light] = ports as [number, number];
    const served = await servedBy(40);
    expect(countOf(served, heavy)).toBe(30);
    expect(countOf(served, light)).toBe(10);
    // Smooth WRR never bursts: every run of four consecutive calls holds exactly one light pick.
    for (let i = 0; i + 4 <= served.length; i++) {
      expect(countOf(served.slice(i, i + 4), light)).toBe(1);
    }
  });

  it('load balancing - random reaches every endpoint over 60 calls', async () => {
    const { ports, servedBy } = await balanced({ lb: 'random' });
    const served = await servedBy(60);
    for (const port of ports) expect(countOf(served, port)).toBeGreaterThan(0);
    expect(served.every((port) => ports.includes(port))).toBe(true);
  });
});
