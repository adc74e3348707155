import { describe, expect, it } from 'vitest';
import { readCommittedState } from '../../../bus/config/committed-state.js';
import { writeChangeSet } from '../../../bus/config/write-change-set.js';
import { ConfigPlaneError } from '../../../bus/config/config-plane-error.js';
import { parseObjectRecord } from '../../../bus/config/change-set-records.js';
import { documentWith, documentWithApis, mockApi } from '../support/config-documents.js';
import { useTestBucket } from '../support/test-bucket-scope.js';

const meta = { actor: 'tester', reason: 'test', kind: 'apply', host: 'test-host' } as const;

describe('change sets', () => {
  const bus = useTestBucket();

  it('change sets - an empty bucket has no committed state', async () => {
    expect(await readCommittedState(bus.kv)).toBeUndefined();
  });

  it('change sets - the first write commits every key and reads back whole', async () => {
    const document = documentWith('a', 'b');
    const result = await writeChangeSet(bus.kv, document, meta);
    expect(result.committed).toBe(true);
    expect(result.changed).toEqual({ added: ['api.g.a', 'api.g.b', 'group.g', 'settings.version'], changed: [], removed: [] });
    const state = await readCommittedState(bus.kv);
    expect(state?.revision).toBe(result.revision);
    expect(state?.document).toEqual(document);
    expect(state?.commit).toMatchObject({ cs: result.changeSetId, parent: 0, actor: 'tester', host: 'test-host', reason: 'test', kind: 'apply' });
    expect(Object.keys(state?.manifest ?? {})).toEqual(['api.g.a', 'api.g.b', 'group.g', 'settings.version']);
  });

  it('change sets - add, change and remove write only the changed keys, removal as a tombstone', async () => {
    const first = await writeChangeSet(bus.kv, documentWith('a', 'b'), meta);
    const before = await readCommittedState(bus.kv);
    const next = documentWithApis([mockApi('a', 'changed'), mockApi('c')]);
    const second = await writeChangeSet(bus.kv, next, { ...meta, reason: 'second' });
    expect(second.changed).toEqual({ added: ['api.g.c'], changed: ['api.g.a'], removed: ['api.g.b'] });

    const state = await readCommittedState(bus.kv);
    expect(state?.document).toEqual(next);
    expect(state?.commit.parent).toBe(first.revision);
    expect(state?.commit.changed).toEqual(['api.g.a', 'api.g.b', 'api.g.c']);
    // Untouched keys keep the revision of their first write.
    expect(state?.manifest['group.g']).toBe(before?.manifest['group.g']);
    expect(state?.manifest['api.g.b']).toBeUndefined();

    const tombstone = await bus.kv.get('api.g.b');
    expect(tombstone?.operation).toBe('PUT');
    expect(parseObjectRecord('api.g.b', tombstone?.revision ?? 0, tombstone?.string() ?? '')).toEqual({ cs: second.changeSetId, deleted: true });
    // The older commit is still readable (history), e.g. for a diff or a rollback.
    expect((await readCommittedState(bus.kv, { revision: first.revision }))?.document).toEqual(documentWith('a', 'b'));
  });

  it('change sets - writing the committed document again commits nothing', async () => {
    const first = await writeChangeSet(bus.kv, documentWith('a'), meta);
    const again = await writeChangeSet(bus.kv, documentWith('a'), meta);
    expect(again).toEqual({ revision: first.revision, committed: false, changeSetId: undefined, changed: { added: [], changed: [], removed: [] } });
    expect((await bus.kv.status()).streamInfo.state.last_seq).toBe(first.revision);
  });

  it('change sets - an invalid document is refused before anything is written', async () => {
    const invalid = documentWithApis([{ ...mockApi('a'), group: 'missing' }]);
    const error = await writeChangeSet(bus.kv, invalid, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigPlaneError);
    expect((error as ConfigPlaneError).code).toBe('invalid-config');
    expect((error as ConfigPlaneError).issues.map((i) => i.path)).toContain('apis[0](a).group');
    expect((await bus.kv.status()).streamInfo.state.messages).toBe(0);
  });
});
