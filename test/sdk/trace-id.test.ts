import { describe, expect, it } from 'vitest';
import { newSpanId, newTraceId, newTraceparent } from '../../sdk/index.js';

describe('sdk trace ids', () => {
  it('trace id - 32 lower-case hex chars, never all zeros, unique across pool refills', () => {
    const ids = new Set<string>();
    // 1000 ids cross the 256-id pool several times, interleaved with span ids that share it.
    for (let i = 0; i < 1000; i++) {
      const id = newTraceId();
      expect(id).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
      ids.add(id);
      newSpanId();
    }
    expect(ids.size).toBe(1000);
  });

  it('span id - 16 lower-case hex chars, never all zeros, unique', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = newSpanId();
      expect(id).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });

  it('traceparent - a sampled version-00 context with fresh ids, unique across batches', () => {
    const traceIds = new Set<string>();
    // 200 contexts cross the 64-context batch three times.
    for (let i = 0; i < 200; i++) {
      const traceparent = newTraceparent();
      expect(traceparent).toMatch(/^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-01$/);
      traceIds.add(traceparent.slice(3, 35));
    }
    expect(traceIds.size).toBe(200);
  });
});
