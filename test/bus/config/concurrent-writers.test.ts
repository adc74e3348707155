import { describe, expect, it } from 'vitest';
import { readCommittedState } from '../../../bus/config/committed-state.js';
import { commitChangeSet, planChangeSet, writeChangeSet } from '../../../bus/config/write-change-set.js';
import { isCommitConflict, type ConfigPlaneError } from '../../../bus/config/config-plane-error.js';
import { documentWith, documentWithApis, mockApi } from '../support/config-documents.js';
import { useTestBucket } from '../support/test-bucket-scope.js';

const meta = { actor: 'tester', reason: 'test', kind: 'apply' } as const;

describe('concurrent writers', () => {
  const bus = useTestBucket();

  it('concurrent writers - the second commit on one parent loses with commit-conflict and is never served', async () => {
    const base = await writeChangeSet(bus.kv, documentWith('a'), meta);
    const node = bus.recordingSource();
    await node.source.start(node.recorder.deliver);

    // Both writers read the same committed state before either commits.
    const planA = await planChangeSet(bus.kv, documentWith('a', 'from-a'));
    const planB = await planChangeSet(bus.kv, documentWithApis([mockApi('a', 'changed by b'), mockApi('from-b')]));
    expect(planA.parentRevision).toBe(base.revision);
    expect(planB.parentRevision).toBe(base.revision);

    const won = await commitChangeSet(bus.kv, planA, { ...meta, actor: 'a' });
    const lost = await commitChangeSet(bus.kv, planB, { ...meta, actor: 'b' }).catch((e: unknown) => e);
    expect(isCommitConflict(lost)).toBe(true);
    expect((lost as ConfigPlaneError).revision).toBe(won.revision);
    expect((lost as ConfigPlaneError).message).toBe(`another change was committed first (revision ${won.revision}); re-run`);

    // B's objects are in the bucket, yet neither the committed state nor the node sees them.
    expect((await bus.kv.get('api.g.from-b'))?.operation).toBe('PUT');
    expect((await readCommittedState(bus.kv))?.document).toEqual(documentWith('a', 'from-a'));
    await node.recorder.log.waitForCount(2);

    // B re-runs against the new state and wins; the node gets B's whole document next.
    const rerun = await writeChangeSet(bus.kv, documentWithApis([mockApi('a', 'changed by b'), mockApi('from-b')]), { ...meta, actor: 'b' });
    expect(rerun.changed).toEqual({ added: ['api.g.from-b'], changed: ['api.g.a'], removed: ['api.g.from-a'] });
    await node.recorder.log.waitForCount(3);
    expect(node.recorder.documents).toEqual([
      documentWith('a'),
      documentWith('a', 'from-a'),
      documentWithApis([mockApi('a', 'changed by b'), mockApi('from-b')]),
    ]);
    expect(node.recorder.revisions).toEqual([base.revision, won.revision, rerun.revision]);
  });

  it('concurrent writers - racing writes end with exactly one commit per winner and a consistent state', async () => {
    await writeChangeSet(bus.kv, documentWith('a'), meta);
    const results = await Promise.allSettled(['x', 'y', 'z'].map((name) => writeChangeSet(bus.kv, documentWith('a', name), { ...meta, actor: name })));
    const winners = results.filter((r) => r.status === 'fulfilled');
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(winners.length).toBeGreaterThanOrEqual(1);
    expect(losers.every((r) => isCommitConflict(r.reason))).toBe(true);
    const state = await readCommittedState(bus.kv);
    const newest = winners.map((r) => (r as PromiseFulfilledResult<{ revision: number }>).value.revision).sort((p, q) => q - p)[0];
    expect(state?.revision).toBe(newest);
    expect(state?.commit.actor).toMatch(/^[xyz]$/);
    expect(state?.document).toEqual(documentWith('a', state?.commit.actor ?? ''));
  });
});
