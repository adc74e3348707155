import { describe, expect, it } from 'vitest';
import { ResourceLease, SharedResources, stableJson } from '../../../core/snapshot/shared-resources.js';

/** A resource that counts how often it is created and closed. */
function counter(): { created: number; closed: number; create: () => { id: number }; close: () => void } {
  const state = {
    created: 0,
    closed: 0,
    create: () => ({ id: ++state.created }),
    close: () => { state.closed++; },
  };
  return state;
}

describe('shared resources', () => {
  it('shared resources - one key is created once and shared by every acquirer', () => {
    const resources = new SharedResources();
    const c = counter();
    const first = resources.acquire('k', c.create, c.close);
    const second = resources.acquire('k', c.create, c.close);
    expect(second).toBe(first);
    expect(c.created).toBe(1);
    expect(resources.size).toBe(1);
    expect(resources.keys()).toEqual(['k']);
  });

  it('shared resources - the resource closes once, when the last reference is released', () => {
    const resources = new SharedResources();
    const c = counter();
    resources.acquire('k', c.create, c.close);
    resources.acquire('k', c.create, c.close);
    resources.release('k');
    expect(c.closed).toBe(0);
    resources.release('k');
    expect(c.closed).toBe(1);
    expect(resources.size).toBe(0);
    resources.release('k');
    resources.release('unknown');
    expect(c.closed).toBe(1);
  });

  it('shared resources - a key released to zero is created afresh on the next acquire', () => {
    const resources = new SharedResources();
    const c = counter();
    const first = resources.acquire('k', c.create, c.close);
    resources.release('k');
    const again = resources.acquire('k', c.create, c.close);
    expect(again).not.toBe(first);
    expect(c.created).toBe(2);
  });

  it('shared resources - a close that throws is reported to the release handler, not thrown', () => {
    const resources = new SharedResources();
    const failure = new Error('close failed');
    resources.acquire('k', () => 1, () => { throw failure; });
    const reported: [string, unknown][] = [];
    expect(() => resources.release('k', (key, error) => reported.push([key, error]))).not.toThrow();
    expect(reported).toEqual([['k', failure]]);
    expect(resources.size).toBe(0);
  });

  it('shared resources - an async close that rejects is reported to the constructor handler', async () => {
    const reported: [string, unknown][] = [];
    const resources = new SharedResources((key, error) => reported.push([key, error]));
    const failure = new Error('async close failed');
    resources.acquire('k', () => 1, () => Promise.reject(failure));
    resources.release('k');
    await Promise.resolve();
    await Promise.resolve();
    expect(reported).toEqual([['k', failure]]);
  });

  it('shared resources - concurrent async acquirers of one key share one creation', async () => {
    const resources = new SharedResources();
    let created = 0;
    let finish: (value: { id: number }) => void = () => undefined;
    const create = (): Promise<{ id: number }> => {
      created++;
      return new Promise((resolve) => { finish = resolve; });
    };
    const first = resources.acquireAsync('k', create, () => undefined);
    const second = resources.acquireAsync('k', create, () => undefined);
    finish({ id: 1 });
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    expect(created).toBe(1);
    resources.release('k');
    expect(resources.size).toBe(1);
    resources.release('k');
    expect(resources.size).toBe(0);
  });

  it('shared resources - a failed async creation leaves nothing behind and may be retried', async () => {
    const resources = new SharedResources();
    await expect(resources.acquireAsync('k', () => Promise.reject(new Error('warm-up failed')), () => undefined)).rejects.toThrow('warm-up failed');
    expect(resources.size).toBe(0);
    expect(await resources.acquireAsync('k', () => Promise.resolve('ok'), () => undefined)).toBe('ok');
  });
});

describe('resource lease', () => {
  it('resource lease - releases exactly what it acquired, once', () => {
    const resources = new SharedResources();
    const c = counter();
    const older = new ResourceLease(resources);
    const newer = new ResourceLease(resources);
    older.acquire('shared', c.create, c.close);
    older.acquire('old-only', c.create, c.close);
    newer.acquire('shared', c.create, c.close);
    older.releaseAll();
    expect(resources.keys()).toEqual(['shared']);
    expect(c.closed).toBe(1);
    older.releaseAll();
    expect(resources.keys()).toEqual(['shared']);
    newer.releaseAll();
    expect(c.closed).toBe(2);
    expect(resources.size).toBe(0);
  });

  it('resource lease - async acquisitions are released too', async () => {
    const resources = new SharedResources();
    let closed = 0;
    const lease = new ResourceLease(resources);
    await lease.acquireAsync('p', () => Promise.resolve({}), () => { closed++; });
    lease.releaseAll();
    expect(closed).toBe(1);
  });

  it('resource lease - close errors reach the handler given to releaseAll', () => {
    const resources = new SharedResources();
    const lease = new ResourceLease(resources);
    lease.acquire('bad', () => 1, () => { throw new Error('nope'); });
    const keys: string[] = [];
    lease.releaseAll((key) => keys.push(key));
    expect(keys).toEqual(['bad']);
  });
});

describe('stable json', () => {
  it('stable json - key order does not change the text', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(stableJson({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(stableJson({ a: undefined })).toBe('{"a":null}');
    expect(stableJson('x')).toBe('"x"');
  });
});
