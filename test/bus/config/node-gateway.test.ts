import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NatsConfigSource } from '../../../bus/config/nats-config-source.js';
import type { NatsConfigSourceState } from '../../../bus/config/nats-config-source-options.js';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { documentWith, documentWithApis, mockApi } from '../support/config-documents.js';
import { EventLog } from '../support/event-log.js';
import { startNodeGateway, type NodeGateway } from '../support/node-gateway.js';
import { openTestBucket, sharedNatsUrl, testMeta, type TestBucket } from '../support/test-bucket.js';

describe('node gateway on the bus', () => {
  let bus: TestBucket;
  let node: NodeGateway | undefined;
  beforeEach(async () => {
    bus = await openTestBucket();
  });
  afterEach(async () => {
    await node?.stop();
    node = undefined;
    await bus.cleanup();
  });

  it('node gateway on the bus - serves the committed config and swaps to each new commit', async () => {
    const first = await writeChangeSet(bus.kv, documentWith('a'), testMeta);
    const states = new EventLog<NatsConfigSourceState>();
    const source = new NatsConfigSource({ bus: { servers: [sharedNatsUrl] }, bucket: bus.bucket, onStateChange: (s) => states.push(s) });
    node = await startNodeGateway(source);
    expect(await node.call('/a')).toEqual({ status: 200, body: 'a' });
    expect(node.gateway.snapshots.current.revision).toBe(first.revision);

    const second = await writeChangeSet(bus.kv, documentWithApis([mockApi('a', 'a2'), mockApi('b')]), testMeta);
    await states.waitFor((s) => s.at(-1)?.revision === second.revision);
    expect(await node.call('/a')).toEqual({ status: 200, body: 'a2' });
    expect(await node.call('/b')).toEqual({ status: 200, body: 'b' });
    expect(node.gateway.snapshots.current.revision).toBe(second.revision);

    const third = await writeChangeSet(bus.kv, documentWith('b'), testMeta);
    await states.waitFor((s) => s.at(-1)?.revision === third.revision);
    const removed = await node.call('/a');
    expect(removed.status).toBe(400);
    expect(JSON.parse(removed.body)).toMatchObject({ code: 3000 });
  });
});
