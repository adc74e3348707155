import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../../ops/workers/restart-policy.js';

describe('RestartPolicy', () => {
  const options = { maxRestarts: 3, windowMs: 60_000, baseDelayMs: 100, maxDelayMs: 250 };

  it('restart policy - the first restart is immediate, later ones back off up to the cap', () => {
    let now = 0;
    const policy = new RestartPolicy(options, () => now);
    expect(policy.decide()).toEqual({ restart: true, delayMs: 0, recent: 1 });
    now += 1000;
    expect(policy.decide()).toEqual({ restart: true, delayMs: 100, recent: 2 });
    now += 1000;
    expect(policy.decide()).toEqual({ restart: true, delayMs: 200, recent: 3 });
  });

  it('restart policy - gives up past the budget within the window', () => {
    let now = 0;
    const policy = new RestartPolicy(options, () => now);
    for (let i = 0; i < 3; i += 1) expect(policy.decide().restart).toBe(true);
    now += 59_999;
    expect(policy.decide()).toEqual({ restart: false, recent: 3 });
  });

  it('restart policy - restarts older than the window no longer count', () => {
    let now = 0;
    const policy = new RestartPolicy({ ...options, maxRestarts: 5 }, () => now);
    for (let i = 0; i < 4; i += 1) policy.decide();
    now += 60_000;
    expect(policy.decide()).toEqual({ restart: true, delayMs: 0, recent: 1 });
  });

  it('restart policy - the delay never exceeds maxDelayMs', () => {
    let now = 0;
    const policy = new RestartPolicy({ ...options, maxRestarts: 10 }, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const decision = policy.decide();
      if (decision.restart) delays.push(decision.delayMs);
      now += 10;
    }
    expect(delays).toEqual([0, 100, 200, 250, 250, 250]);
  });
});
