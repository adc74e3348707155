import { spawnSync } from 'node:child_process';

/**
 * Which CPU each role runs on. The proxy under test gets a core of its own so that its RPS is not
 * shared with the load generator or the upstream; null CPUs mean "run unpinned".
 */
export interface CpuPlan {
  /** CPU of the proxy under test. */
  proxyCpu: number | null;
  /** CPU shared by the load generator, the upstream and this orchestrator. */
  loadCpu: number | null;
  /** Why pinning is off, for the report; null when pinning is on. */
  note: string | null;
}

/** Parses a taskset CPU list such as "0-3,6" into CPU numbers. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    const [from, to] = part.split('-').map((s) => Number.parseInt(s, 10));
    if (from === undefined || Number.isNaN(from)) continue;
    const last = to === undefined || Number.isNaN(to) ? from : to;
    for (let cpu = from; cpu <= last; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/** Asks taskset for this process's allowed CPUs and plans proxy→CPU 1, everything else→CPU 0. */
export function planCpuPinning(): CpuPlan {
  const probe = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return { proxyCpu: null, loadCpu: null, note: 'taskset not available: processes run unpinned' };
  }
  // Output shape: "pid 123's current affinity list: 0,1"
  const list = probe.stdout.split(':').pop() ?? '';
  const allowed = parseCpuList(list);
  if (!allowed.includes(0) || !allowed.includes(1)) {
    return { proxyCpu: null, loadCpu: null, note: `CPUs 0 and 1 not both allowed (${list.trim()}): unpinned` };
  }
  return { proxyCpu: 1, loadCpu: 0, note: null };
}

/** Wraps a command in `taskset -c <cpu>`; taskset execs, so the child's pid is the command's own pid. */
export function pinnedCommand(
  cpu: number | null,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  if (cpu === null) return { command, args: [...args] };
  return { command: 'taskset', args: ['-c', String(cpu), command, ...args] };
}

/** Moves this process to the load CPU so its own timers and I/O never steal from the proxy's core. */
export function pinThisProcess(cpu: number | null): void {
  if (cpu === null) return;
  spawnSync('taskset', ['-a', '-pc', String(cpu), String(process.pid)], { stdio: 'ignore' });
}
