import { describe, expect, it } from 'vitest';
import { CommitFollower, type FollowedEntry } from '../../../bus/config/commit-follower.js';
import { encodeRecord, type CommitRecord } from '../../../bus/config/change-set-records.js';

function put(key: string, revision: number, value: unknown): FollowedEntry {
  return { key, revision, operation: 'PUT', string: () => JSON.stringify(value) };
}

function commit(revision: number, manifest: Record<string, number>, parent = 0): FollowedEntry {
  const record: CommitRecord = { cs: `cs-${revision}`, parent, manifest, changed: [], actor: 'a', host: 'h', reason: 'r', kind: 'apply', time: '2024-01-01T00:00:00.000Z' };
  return { key: 'commit', revision, operation: 'PUT', string: () => encodeRecord(record) };
}

describe('commit follower', () => {
  it('commit follower - commits seen while replaying history are coalesced into the newest', () => {
    const follower = new CommitFollower();
    follower.beginSession(4);
    expect(follower.accept(put('group.g', 1, { cs: 'cs-2', v: {} }))).toBeUndefined();
    expect(follower.accept(commit(2, { 'group.g': 1 }))).toBeUndefined();
    expect(follower.accept(put('group.g', 3, { cs: 'cs-4', v: {} }))).toBeUndefined();
    const arrival = follower.accept(commit(4, { 'group.g': 3 }, 2));
    expect(arrival?.revision).toBe(4);
    expect(follower.caughtUp).toBe(true);
    // After the replay every commit is handed over as it comes.
    expect(follower.accept(commit(5, { 'group.g': 3 }, 4))?.revision).toBe(5);
  });

  it('commit follower - a commit is handed over when the replay ends on an object entry', () => {
    const follower = new CommitFollower();
    follower.beginSession(3);
    follower.accept(put('group.g', 1, { cs: 'x', v: {} }));
    expect(follower.accept(commit(2, { 'group.g': 1 }))).toBeUndefined();
    expect(follower.accept(put('api.g.a', 3, { cs: 'orphan', v: {} }))?.revision).toBe(2);
  });

  it('commit follower - values no manifest can name any more are pruned, newer ones kept', () => {
    const follower = new CommitFollower();
    follower.beginSession(0);
    follower.accept(put('api.g.a', 1, { cs: '1', v: 1 }));
    follower.accept(put('api.g.a', 2, { cs: 'lost', v: 2 }));
    follower.accept(commit(3, { 'api.g.a': 1 }));
    expect(follower.heldValues).toBe(1);
    follower.accept(put('api.g.a', 4, { cs: 'next', v: 4 }));
    follower.accept(commit(5, { 'api.g.a': 4 }, 3));
    expect(follower.heldValues).toBe(1);
    follower.accept(put('api.g.b', 6, { cs: 'pending', v: 6 }));
    follower.accept(commit(7, { 'api.g.a': 4 }, 5));
    expect(follower.heldValues).toBe(1);
  });

  it('commit follower - entries already seen are ignored and an unreadable commit is reported', () => {
    const follower = new CommitFollower();
    follower.beginSession(0);
    expect(follower.accept(commit(1, {}))?.revision).toBe(1);
    expect(follower.accept(commit(1, {}))).toBeUndefined();
    const bad = follower.accept({ key: 'commit', revision: 2, operation: 'PUT', string: () => '{"cs":1}' });
    expect(bad?.commit).toMatchObject({ code: 'malformed-entry' });
  });
});
