import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EndpointBreaker, type BreakerStateEvent } from '../../../core/invoke/endpoint-breaker.js';

const spec = { errorThresholdPercentage: 50, resetTimeoutMs: 1000, volumeThreshold: 4, rollingCountTimeoutMs: 10_000 };

function breaker(): EndpointBreaker {
  return new EndpointBreaker('c', '127.0.0.1:1', spec);
}

function fail(b: EndpointBreaker, times: number): void {
  for (let i = 0; i < times; i++) {
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
  }
}

/** The breaker-state events published while `run` runs; `run` sees the array fill as they come. */
function publishedDuring(run: (events: readonly BreakerStateEvent[]) => void): BreakerStateEvent[] {
  const events: BreakerStateEvent[] = [];
  const listener = (message: unknown): void => {
    events.push(message as BreakerStateEvent);
  };
  subscribe('gantry:invoke:breaker-state', listener);
  try {
    run(events);
  } finally {
    unsubscribe('gantry:invoke:breaker-state', listener);
  }
  return events;
}

describe('endpoint breaker - state machine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('endpoint breaker - stays closed below the volume threshold, whatever the failure rate', () => {
    const b = breaker();
    fail(b, 3);
    expect(b.state).toBe(0);
    expect(b.admits).toBe(true);
  });

  it('endpoint breaker - opens once volume is reached and the failure rate exceeds the threshold', () => {
    const b = breaker();
    fail(b, 4);
    expect(b.state).toBe(2);
    expect(b.admits).toBe(false);
    expect(b.tryAcquire()).toBe(false);
  });

  it('endpoint breaker - a failure rate at the threshold does not open it', () => {
    const b = breaker();
    for (let i = 0; i < 4; i++) {
      b.tryAcquire();
      b.recordSuccess();
    }
    fail(b, 3);
    expect(b.state).toBe(0); // 3 of 7 = 43%
    fail(b, 1);
    expect(b.state).toBe(0); // 4 of 8 = 50%, not above
    fail(b, 1);
    expect(b.state).toBe(2); // 5 of 9 = 56%
  });

  it('endpoint breaker - half-open after the reset timeout lets exactly one trial through', () => {
    const b = breaker();
    fail(b, 4);
    vi.advanceTimersByTime(1000);
    expect(b.state).toBe(1);
    expect(b.tryAcquire()).toBe(true);
    expect(b.admits).toBe(false);
    expect(b.tryAcquire()).toBe(false);
  });

  it('endpoint breaker - a successful trial closes it and clears the window', () => {
    const b = breaker();
    fail(b, 4);
    vi.advanceTimersByTime(1000);
    b.tryAcquire();
    b.recordSuccess();
    expect(b.state).toBe(0);
    fail(b, 3);
    expect(b.state).toBe(0);
  });

  it('endpoint breaker - a failed trial opens it again for another reset timeout', () => {
    const b = breaker();
    fail(b, 4);
    vi.advanceTimersByTime(1000);
    b.tryAcquire();
    b.recordFailure();
    expect(b.state).toBe(2);
    vi.advanceTimersByTime(999);
    expect(b.state).toBe(2);
    vi.advanceTimersByTime(1);
    expect(b.state).toBe(1);
  });

  it('endpoint breaker - a neutral outcome releases the trial without deciding', () => {
    const b = breaker();
    fail(b, 4);
    vi.advanceTimersByTime(1000);
    b.tryAcquire();
    b.recordNeutral();
    expect(b.state).toBe(1);
    expect(b.tryAcquire()).toBe(true);
  });

  it('endpoint breaker - failures older than the rolling window no longer count', () => {
    const b = breaker();
    fail(b, 3);
    vi.advanceTimersByTime(11_000);
    fail(b, 1);
    expect(b.state).toBe(0);
  });

  it('endpoint breaker - every state change is published on the breaker-state channel', () => {
    const events = publishedDuring(() => {
      const b = breaker();
      fail(b, 4);
      vi.advanceTimersByTime(1000); // the half-open timer announces it without a call
      b.tryAcquire();
      b.recordSuccess();
    });
    expect(events.map((e) => e.state)).toEqual([2, 1, 0]);
    expect(events[0]).toMatchObject({ cluster: 'c', endpoint: '127.0.0.1:1' });
  });

  it('endpoint breaker - a half-open timer that fires before the wall clock has moved on looks again, so half-open is still announced', () => {
    const seen: number[][] = [];
    const events = publishedDuring((sofar) => {
      fail(breaker(), 4);
      // The wall clock lags the timer by 1 ms: when the timer fires, Date.now() says 999 ms passed.
      vi.setSystemTime(Date.now() - 1);
      vi.advanceTimersByTime(1000);
      seen.push(sofar.map((e) => e.state));
      vi.advanceTimersByTime(2);
    });
    expect(seen).toEqual([[2]]);
    expect(events.map((e) => e.state)).toEqual([2, 1]);
  });
});
