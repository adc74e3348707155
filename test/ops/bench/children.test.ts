import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnManaged } from '../../../ops/bench/children.js';

/**
 * Running (non-zombie) members of a process group. Zombies are skipped: on machines whose pid 1 does
 * not reap orphans, a killed grandchild stays in the table as a zombie, which holds no port and no CPU.
 */
function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // After "(comm) " come: state ppid pgrp …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

describe('children', () => {
  it.skipIf(process.platform !== 'linux')('children - stop ends the child and the processes it started', async () => {
    // A shell that forks a grandchild, as nginx forks its worker.
    const child = spawnManaged('sleeper', 'sh', ['-c', 'sleep 30 & sleep 30; wait']);
    for (let i = 0; i < 50 && liveGroupMembers(child.pid).length < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(liveGroupMembers(child.pid).length).toBeGreaterThanOrEqual(2);
    const exit = await child.stop(1000);
    expect(exit.signal === 'SIGTERM' || exit.code !== 0).toBe(true);
    expect(child.hasExited()).toBe(true);
    for (let i = 0; i < 50 && liveGroupMembers(child.pid).length > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(liveGroupMembers(child.pid)).toEqual([]);
  });

  it('children - keeps the tail of the output to explain a failure', async () => {
    const child = spawnManaged('talker', 'sh', ['-c', 'echo hello; echo oops >&2; exit 3']);
    const exit = await child.exited;
    expect(exit.code).toBe(3);
    expect(child.outputTail()).toContain('hello');
    expect(child.outputTail()).toContain('oops');
    await child.stop();
  });

  it('children - a command that does not exist exits instead of hanging', async () => {
    const child = spawnManaged('ghost', '/nonexistent/binary', []);
    await child.exited;
    expect(child.hasExited()).toBe(true);
    expect(child.outputTail()).toContain('spawn error');
    await child.stop();
  });
});
