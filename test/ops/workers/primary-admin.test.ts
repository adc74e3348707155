import { describe, expect, it } from 'vitest';
import { commonRevision, nodeReadiness } from '../../../ops/workers/primary-admin.js';
import type { WorkerRow } from '../../../ops/workers/worker-pool.js';

function row(id: number, revision: number | null, ready: boolean): WorkerRow {
  return { id, pid: 100 + id, revision, ready, restarts: 0 };
}

describe('primary admin', () => {
  it('primary admin - ready only when every worker is ready and the node is not draining', () => {
    expect(nodeReadiness([row(1, 3, true), row(2, 3, true)], false)).toEqual({ ready: true, reason: 'serving' });
    expect(nodeReadiness([row(1, 3, true), row(2, null, false)], false)).toEqual({ ready: false, reason: 'workers not ready: 2' });
    expect(nodeReadiness([row(1, 3, true), row(2, 3, true)], true)).toEqual({ ready: false, reason: 'draining' });
  });

  it('primary admin - the node revision is the workers\' when they agree, else null', () => {
    expect(commonRevision([row(1, 4, true), row(2, 4, true)])).toBe(4);
    expect(commonRevision([row(1, 4, true), row(2, 3, true)])).toBeNull();
    expect(commonRevision([row(1, null, false), row(2, 4, true)])).toBeNull();
  });
});
