import { describe, expect, it } from 'vitest';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { documentWith, documentWithApis, mockApi } from '../support/config-documents.js';
import { sharedNatsUrl, writeUnvalidated } from '../support/test-bucket.js';
import { useTestBucket } from '../support/test-bucket-scope.js';
import { recordingSource } from '../support/recording-source.js';

const meta = { actor: 'tester', reason: 'test', kind: 'apply' } as const;

describe('nats config source', () => {
  const bus = useTestBucket();

  it('nats config source - delivers each commit once, in order, at its commit revision', async () => {
    const first = await writeChangeSet(bus.kv, documentWith('a'), meta);
    const node = bus.recordingSource();
    const outcome = await node.source.start(node.recorder.deliver);
    expect(outcome).toMatchObject({ kind: 'applied', origin: `nats:${bus.bucket}`, revision: first.revision });

    const documents = [documentWith('a', 'b'), documentWith('b'), documentWith('b', 'c', 'd')];
    const revisions = [first.revision];
    for (const document of documents) {
      revisions.push((await writeChangeSet(bus.kv, document, meta)).revision);
      await node.recorder.log.waitForCount(revisions.length);
    }
    expect(node.recorder.revisions).toEqual(revisions);
    expect(node.recorder.documents).toEqual([documentWith('a'), ...documents]);
    expect(node.recorder.log.items.every((d) => d.outcome.kind === 'applied')).toBe(true);
    await node.states.waitFor((states) => states.at(-1)?.revision === revisions.at(-1));
    expect(node.source.state).toMatchObject({ connected: true, stale: false, origin: `nats:${bus.bucket}` });
  });

  it('nats config source - a node that starts late delivers only the newest commit', async () => {
    await writeChangeSet(bus.kv, documentWith('a'), meta);
    await writeChangeSet(bus.kv, documentWith('a', 'b'), meta);
    const last = await writeChangeSet(bus.kv, documentWith('c'), meta);
    const node = bus.recordingSource();
    await node.source.start(node.recorder.deliver);
    const next = await writeChangeSet(bus.kv, documentWith('d'), meta);
    await node.recorder.log.waitForCount(2);
    expect(node.recorder.revisions).toEqual([last.revision, next.revision]);
    expect(node.recorder.documents).toEqual([documentWith('c'), documentWith('d')]);
  });

  it('nats config source - start waits for the first commit of an empty bucket', async () => {
    const node = bus.recordingSource();
    const started = node.source.start(node.recorder.deliver);
    await node.states.waitFor((states) => states.some((s) => s.connected));
    // Object keys alone (a change set without its commit) publish nothing.
    await bus.kv.put('group.g', JSON.stringify({ cs: 'unfinished', v: { name: 'g' } }));
    const written = await writeChangeSet(bus.kv, documentWith('a'), meta);
    const outcome = await started;
    expect(outcome).toMatchObject({ kind: 'applied', revision: written.revision });
    expect(node.recorder.documents).toEqual([documentWith('a')]);
  });

  it('nats config source - a change set without its commit is never delivered; the next commit is, whole', async () => {
    await writeChangeSet(bus.kv, documentWith('a'), meta);
    const node = bus.recordingSource();
    await node.source.start(node.recorder.deliver);

    // A writer that died after its object writes: a new API and a change to `a`, never committed.
    await bus.kv.put('api.g.x', JSON.stringify({ cs: 'died', v: mockApi('x') }));
    await bus.kv.put('api.g.a', JSON.stringify({ cs: 'died', v: mockApi('a', 'never served') }));
    const next = await writeChangeSet(bus.kv, documentWith('a', 'b'), meta);
    expect(next.changed).toEqual({ added: ['api.g.b'], changed: [], removed: [] });

    await node.recorder.log.waitForCount(2);
    expect(node.recorder.documents).toEqual([documentWith('a'), documentWith('a', 'b')]);
    // A node starting now builds the same document from the manifest, not from the newest values.
    const late = recordingSource(bus.bucket);
    try {
      await late.source.start(late.recorder.deliver);
      expect(late.recorder.documents).toEqual([documentWith('a', 'b')]);
    } finally {
      await late.source.close();
    }
  });

  it('nats config source - a commit the node refuses is delivered once and later commits still apply', async () => {
    await writeChangeSet(bus.kv, documentWith('a'), meta);
    const node = bus.recordingSource();
    await node.source.start(node.recorder.deliver);
    await writeUnvalidated(sharedNatsUrl, bus.bucket, documentWithApis([{ ...mockApi('a'), group: 'nowhere' }]));
    const good = await writeChangeSet(bus.kv, documentWith('b'), meta);
    await node.recorder.log.waitForCount(3);
    expect(node.recorder.log.items.map((d) => d.outcome.kind)).toEqual(['applied', 'refused', 'applied']);
    expect(node.recorder.revisions.at(-1)).toBe(good.revision);
  });
});
