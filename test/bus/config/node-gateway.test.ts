import { describe, expect, it } from 'vitest';
import { NatsConfigSource } from '../../../bus/config/nats-config-source.js';
import type { NatsConfigSourceState } from '../../../bus/config/nats-config-source-options.js';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { documentWith, documentWithApis, mockApi } from '../support/config-documents.js';
import { EventLog } from '../support/event-log.js';
import { startNodeGateway } from '../support/node-gateway.js';
import { sharedNatsUrl, testMeta } from '../support/test-bucket.js';
import { useTestBucket } from '../support/test-bucket-scope.js';

describe('node gateway on the bus', () => {
  const bus = useTestBucket();

  it('node gateway on the bus - serves the committed config and swaps to each new commit', async () => {
    const first = await writeChangeSet(bus.kv, documentWith('a'), testMeta);
    const states = new EventLog<NatsConfigSourceState>();
    const source = new NatsConfigSource({ bus: { servers: [sharedNatsUrl] }, bucket: bus.bucket, onStateChange: (s) => states.push(s) });
    const node = await startNodeGateway(source);
    bus.stopAfterTest(() => node.stop());
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
