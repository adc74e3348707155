import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentWith } from '../support/config-documents.js';
import { createRestartableNats, type RestartableNats } from '../support/restartable-nats.js';
import { uniqueName, writeOnce } from '../support/test-bucket.js';
import { recordingSource, type RecordingSource } from '../support/recording-source.js';

describe('nats restart', () => {
  let nats: RestartableNats;
  let node: RecordingSource | undefined;
  const bucket = uniqueName();
  beforeEach(async () => {
    nats = await createRestartableNats();
    await nats.start();
  });
  afterEach(async () => {
    await node?.source.close();
    node = undefined;
    await nats.dispose();
  });

  it('nats restart - commits after NATS restarts still apply, each once, in order', async () => {
    const first = await writeOnce(nats.url, bucket, documentWith('a'));
    node = recordingSource(bucket, { servers: nats.url });
    await node.source.start(node.recorder.deliver);

    await nats.stop();
    await node.states.waitFor((states) => states.at(-1)?.connected === false, 15_000, 'disconnect');
    await nats.start();
    await node.states.waitFor((states) => states.at(-1)?.connected === true, 15_000, 'reconnect');

    const second = await writeOnce(nats.url, bucket, documentWith('a', 'b'));
    await node.recorder.log.waitForCount(2);
    const third = await writeOnce(nats.url, bucket, documentWith('c'));
    await node.recorder.log.waitForCount(3);
    expect(node.recorder.revisions).toEqual([first.revision, second.revision, third.revision]);
    expect(node.recorder.documents).toEqual([documentWith('a'), documentWith('a', 'b'), documentWith('c')]);
  });

  it('nats restart - commits written as NATS returns are delivered in order, none twice', async () => {
    await writeOnce(nats.url, bucket, documentWith('a'));
    node = recordingSource(bucket, { servers: nats.url });
    await node.source.start(node.recorder.deliver);
    await nats.stop();
    await node.states.waitFor((states) => states.at(-1)?.connected === false, 15_000, 'disconnect');
    await nats.start();
    // Two commits land before the node has necessarily caught up: it may coalesce them, never reorder.
    await writeOnce(nats.url, bucket, documentWith('b'));
    const last = await writeOnce(nats.url, bucket, documentWith('c'));
    const recorder = node.recorder;
    await recorder.log.waitFor(() => recorder.revisions.at(-1) === last.revision, 15_000, `revision ${last.revision}`);
    const revisions = recorder.revisions;
    expect([...revisions].sort((p, q) => p - q)).toEqual(revisions);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(node.recorder.documents.at(-1)).toEqual(documentWith('c'));
  });
});
