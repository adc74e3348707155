import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastGoodPath, readLastGood, writeLastGood } from '../../../bus/config/last-good.js';
import { documentWith, documentWithApis, mockApi } from '../support/config-documents.js';
import { createRestartableNats, type RestartableNats } from '../support/restartable-nats.js';
import { uniqueName, writeOnce, writeUnvalidated } from '../support/test-bucket.js';
import { recordingSource, type RecordingSource } from '../support/recording-source.js';

describe('last-good config', () => {
  let nats: RestartableNats;
  let dataDir: string;
  const nodes: RecordingSource[] = [];
  const bucket = uniqueName();
  beforeEach(async () => {
    nats = await createRestartableNats();
    dataDir = mkdtempSync(join(tmpdir(), 'gantry-last-good-'));
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.source.close();
    await nats.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startNode(): RecordingSource {
    const node = recordingSource(bucket, { servers: nats.url, dataDir, connectTimeoutMs: 300 });
    nodes.push(node);
    return node;
  }

  it('last-good config - with NATS down the node serves the copy, stale, and re-syncs when NATS starts', async () => {
    await writeLastGood(lastGoodPath(dataDir), { revision: 7, cs: 'old', document: documentWith('old') });
    const node = startNode();
    const outcome = await node.source.start(node.recorder.deliver);
    expect(outcome).toMatchObject({ kind: 'applied', origin: `last-good:${lastGoodPath(dataDir)}`, revision: 7 });
    expect(node.source.state).toMatchObject({ stale: true, connected: false, revision: 7 });
    expect(node.errors.items.length).toBeGreaterThanOrEqual(1);

    await nats.start();
    const revision = (await writeOnce(nats.url, bucket, documentWith('new'))).revision;
    await node.recorder.log.waitForCount(2);
    await node.states.waitFor((states) => states.at(-1)?.stale === false);
    expect(node.recorder.documents).toEqual([documentWith('old'), documentWith('new')]);
    expect(node.source.state).toMatchObject({ connected: true, stale: false, revision, origin: `nats:${bucket}` });
    expect(await readLastGood(lastGoodPath(dataDir))).toMatchObject({ revision, document: documentWith('new') });
  });

  it('last-good config - with NATS up but no commit yet the copy is served at once', async () => {
    await nats.start();
    await writeLastGood(lastGoodPath(dataDir), { revision: 3, cs: 'old', document: documentWith('old') });
    const node = recordingSource(bucket, { servers: nats.url, dataDir, connectTimeoutMs: 60_000 });
    nodes.push(node);
    const outcome = await node.source.start(node.recorder.deliver);
    expect(outcome).toMatchObject({ kind: 'applied', revision: 3 });
    expect(node.source.state).toMatchObject({ stale: true, connected: true });
  });

  it('last-good config - a copy of the newest commit is not applied twice when NATS returns', async () => {
    await nats.start();
    const revision = (await writeOnce(nats.url, bucket, documentWith('a'))).revision;
    const first = startNode();
    await first.source.start(first.recorder.deliver);
    await first.states.waitFor((states) => states.at(-1)?.revision === revision);
    await first.source.close();
    expect(await readLastGood(lastGoodPath(dataDir))).toMatchObject({ revision, document: documentWith('a') });

    await nats.stop();
    const second = startNode();
    const outcome = await second.source.start(second.recorder.deliver);
    expect(outcome).toMatchObject({ origin: `last-good:${lastGoodPath(dataDir)}`, revision });
    expect(second.source.stale).toBe(true);
    await nats.start();
    await second.states.waitFor((states) => states.at(-1)?.stale === false && states.at(-1)?.connected === true);
    expect(second.recorder.log.items).toHaveLength(1);
    expect(second.source.state).toMatchObject({ revision, origin: `nats:${bucket}` });
  });

  it('last-good config - a refused newest commit at start falls back to the copy, and the next commit applies', async () => {
    await nats.start();
    await writeLastGood(lastGoodPath(dataDir), { revision: 2, cs: 'old', document: documentWith('old') });
    const refused = await writeUnvalidated(nats.url, bucket, documentWithApis([{ ...mockApi('a'), group: 'nowhere' }]));
    const node = startNode();
    const outcome = await node.source.start(node.recorder.deliver);
    expect(node.recorder.log.items.map((d) => [d.candidate.origin, d.outcome.kind])).toEqual([
      [`nats:${bucket}`, 'refused'],
      [`last-good:${lastGoodPath(dataDir)}`, 'applied'],
    ]);
    expect(outcome).toMatchObject({ kind: 'applied', revision: 2 });
    expect(node.source.state).toMatchObject({ stale: true, revision: 2 });
    expect(refused).toBeGreaterThan(0);

    const good = (await writeOnce(nats.url, bucket, documentWith('new'))).revision;
    await node.states.waitFor((states) => states.at(-1)?.revision === good);
    expect(node.source.state).toMatchObject({ stale: false, origin: `nats:${bucket}` });
    expect(readdirSync(dataDir)).toEqual(['last-good.json']);
  });

  it('last-good config - without a copy and without NATS, start waits for the first commit', async () => {
    const node = startNode();
    const started = node.source.start(node.recorder.deliver);
    await node.errors.waitForCount(1);
    expect(node.recorder.log.items).toHaveLength(0);
    await nats.start();
    const revision = (await writeOnce(nats.url, bucket, documentWith('a'))).revision;
    expect(await started).toMatchObject({ kind: 'applied', revision });
  });
});
