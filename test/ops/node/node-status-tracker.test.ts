import { describe, expect, it } from 'vitest';
import type { ConfigCandidate } from '../../../core/gateway/config-source.js';
import type { Snapshot } from '../../../core/snapshot/snapshot.js';
import type { ApplyOutcome } from '../../../core/snapshot/snapshot-manager.js';
import { NodeStatusTracker, pluginsOfSnapshot, refusalReason } from '../../../ops/node/node-status-tracker.js';

const summary = { groups: 1, apis: 1, clusters: 0, bindings: 0 };
const applied = (revision: number): ApplyOutcome => ({ kind: 'applied', origin: 'nats:b', revision, hash: `h${revision}`, summary, durationMs: 1 });
const unchanged = (liveRevision: number): ApplyOutcome => ({ kind: 'unchanged', origin: 'nats:b', revision: liveRevision, hash: 'h' });
const refused = (kept: number, ...messages: string[]): ApplyOutcome => ({
  kind: 'refused', origin: 'nats:b', issues: messages.map((message, i) => ({ path: `apis[${i}].x`, message })), keptRevision: kept, durationMs: 1,
});
const candidate = (revision?: number): ConfigCandidate => (revision === undefined ? { origin: 'nats:b', issues: [] } : { origin: 'nats:b', document: {}, revision });

/** A snapshot with the given plugin links per API: only what the tracker reads. */
function snapshot(revision: number, links: { plugin: string; version: string }[][] = [], appliedAtMs = 1000): Snapshot {
  const apis = new Map(links.map((chain, i) => [`g|a${i}`, { chain: { links: chain } }]));
  // As the compiler records them: each version once, sorted by name and version.
  const used = [...new Map(links.flat().map((l) => [`${l.plugin}@${l.version}`, { name: l.plugin, version: l.version, sha256: undefined }])).values()]
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  return { revision, apis, appliedAtMs, plugins: { used } } as unknown as Snapshot;
}

describe('node status tracker', () => {
  let clock = 5000;
  const tracker = (): NodeStatusTracker => {
    clock = 5000;
    return new NodeStatusTracker('1.2.3', 1000, () => clock);
  };

  it('node status tracker - reports starting until a snapshot serves, then serving with revision, age and uptime', () => {
    const t = tracker();
    expect(t.report({ draining: false, stale: false, snapshot: undefined })).toEqual({
      version: '1.2.3', uptimeMs: 4000, state: 'starting', appliedRevision: null, appliedAt: null, snapshotAgeMs: null, plugins: [],
    });
    t.record(candidate(7), applied(7));
    clock = 6500;
    expect(t.report({ draining: false, stale: false, snapshot: snapshot(7, [], 5000) })).toEqual({
      version: '1.2.3', uptimeMs: 5500, state: 'serving', appliedRevision: 7, appliedAt: new Date(5000).toISOString(), snapshotAgeMs: 1500, plugins: [],
    });
    expect(t.report({ draining: false, stale: true, snapshot: snapshot(7) }).state).toBe('stale');
    expect(t.report({ draining: true, stale: true, snapshot: snapshot(7) }).state).toBe('draining');
  });

  it('node status tracker - an unchanged delivery moves the revision to the one delivered and keeps appliedAt', () => {
    const t = tracker();
    t.record(candidate(7), applied(7));
    clock = 9000;
    t.record(candidate(9), unchanged(7));
    expect(t.report({ draining: false, stale: false, snapshot: snapshot(7) })).toMatchObject({ appliedRevision: 9, appliedAt: new Date(5000).toISOString() });
  });

  it('node status tracker - keeps the last refusal until a revision at or above it applies', () => {
    const t = tracker();
    t.record(candidate(7), applied(7));
    t.record(candidate(8), refused(7, 'bad', 'worse'));
    const view = { draining: false, stale: false, snapshot: snapshot(7) };
    expect(t.report(view)).toMatchObject({ appliedRevision: 7, refused: { revision: 8, reason: 'apis[0].x: bad (and 1 more)', at: new Date(5000).toISOString() } });
    // The last-good copy (older) applied after a refusal at start must not hide the refusal.
    t.record(candidate(6), applied(6));
    expect(t.report(view).refused?.revision).toBe(8);
    t.record(candidate(9), applied(9));
    expect(t.report(view).refused).toBeUndefined();
  });

  it('node status tracker - a refusal without a revision (an unreadable commit) is cleared by the next apply', () => {
    const t = tracker();
    t.record(candidate(), refused(0, 'commit 4: missing value'));
    expect(t.refused).toEqual({ reason: 'apis[0].x: commit 4: missing value', at: new Date(5000).toISOString() });
    t.record(candidate(5), applied(5));
    expect(t.refused).toBeUndefined();
  });

  it('node status tracker - lists each bound plugin once by name and version', () => {
    const links = [
      [{ plugin: 'request-id', version: '1.0.0' }, { plugin: 'header-rewrite', version: '1.0.0' }],
      [{ plugin: 'request-id', version: '1.0.0' }],
      [{ plugin: 'request-id', version: '2.0.0' }],
    ];
    expect(pluginsOfSnapshot(snapshot(3, links))).toEqual([
      { name: 'header-rewrite', version: '1.0.0' }, { name: 'request-id', version: '1.0.0' }, { name: 'request-id', version: '2.0.0' },
    ]);
    expect(pluginsOfSnapshot(undefined)).toEqual([]);
  });

  it('node status tracker - a refusal reason is the first issue with its path', () => {
    expect(refusalReason([{ path: '', message: 'the document is empty' }])).toBe('the document is empty');
    expect(refusalReason([])).toBe('refused without a reason');
  });
});
