import { describe, expect, it } from 'vitest';
import { primaryStatusReport } from '../../../ops/workers/primary-status.js';
import type { WorkerRow } from '../../../ops/workers/worker-pool.js';

function row(id: number, revision: number | null, ready = revision !== null): WorkerRow {
  return { id, pid: 200 + id, revision, ready, restarts: 0 };
}

describe('primaryStatusReport', () => {
  it('primary status - workers on one revision: serving it, one entry per worker', () => {
    const report = primaryStatusReport({ rows: [row(1, 7), row(2, 7)], draining: false, agreedAtMs: 1000 }, '0.1.0', 0, 3000);
    expect(report).toMatchObject({ state: 'serving', appliedRevision: 7, appliedAt: new Date(1000).toISOString(), snapshotAgeMs: 2000, uptimeMs: 3000 });
    expect(report.workers).toEqual([row(1, 7), row(2, 7)]);
  });

  it('primary status - mid-rollout the node reports the lowest revision all workers serve', () => {
    expect(primaryStatusReport({ rows: [row(1, 8), row(2, 7)], draining: false, agreedAtMs: 1000 }, 'v', 0, 1).appliedRevision).toBe(7);
  });

  it('primary status - starting before any apply, draining when the node drains', () => {
    expect(primaryStatusReport({ rows: [row(1, null), row(2, null)], draining: false, agreedAtMs: null }, 'v', 0, 1)).toMatchObject({ state: 'starting', appliedRevision: null, appliedAt: null });
    expect(primaryStatusReport({ rows: [row(1, 3), row(2, 3)], draining: true, agreedAtMs: 1 }, 'v', 0, 1).state).toBe('draining');
  });
});
