import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * utime + stime (fields 14 and 15) of one /proc/<pid>/stat line, in clock ticks, and the parent pid
 * (field 4). The command name (field 2) may hold spaces and parentheses, so fields are counted from
 * the last ')'.
 */
export function parseProcStat(line: string): { ppid: number; cpuTicks: number } | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  // After ')' come field 3 (state), 4 (ppid), … so index 0 here is field 3.
  const fields = line.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![ppid, utime, stime].every(Number.isFinite)) return null;
  return { ppid, cpuTicks: utime + stime };
}

let ticksPerSecond: number | null = null;

/** The kernel's clock tick rate (almost always 100), asked once of getconf. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    const probe = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(probe.stdout?.trim());
    ticksPerSecond = Number.isInteger(value) && value > 0 ? value : 100;
  }
  return ticksPerSecond;
}

function readStat(pid: number): { ppid: number; cpuTicks: number } | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * CPU time, in microseconds, used so far by `pid` and its live descendants (nginx's worker, any
 * worker the gateway forks). Counts all threads, so GC and libuv pool time are included. Returns
 * null when /proc is not readable (not Linux).
 */
export function processTreeCpuMicros(pid: number): number | null {
  const root = readStat(pid);
  if (root === null) return null;
  let ticks = root.cpuTicks;
  const parents = new Set([pid]);
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    entries = [];
  }
  // A few passes pick up grandchildren whatever order /proc lists them in.
  const seen = new Set<number>([pid]);
  for (let pass = 0, added = 1; pass < 3 && added > 0; pass += 1) {
    added = 0;
    for (const entry of entries) {
      const child = Number(entry);
      if (seen.has(child)) continue;
      const stat = readStat(child);
      if (stat !== null && parents.has(stat.ppid)) {
        parents.add(child);
        seen.add(child);
        ticks += stat.cpuTicks;
        added += 1;
      }
    }
  }
  return (ticks * 1_000_000) / clockTicksPerSecond();
}

/**
 * user + nice + system time, in microseconds, that one CPU has spent since boot, from /proc/stat
 * (`cpuN user nice system idle …`, in clock ticks). Null when unavailable. Used to see how much of the
 * proxy's core went to processes other than the proxy during a window.
 */
export function cpuBusyMicros(cpu: number, procStat?: string): number | null {
  let text = procStat;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/stat', 'utf8');
    } catch {
      return null;
    }
  }
  const line = text.split('\n').find((l) => l.startsWith(`cpu${cpu} `));
  if (line === undefined) return null;
  const [user, nice, system] = line.trim().split(/\s+/).slice(1, 4).map(Number);
  if (user === undefined || nice === undefined || system === undefined) return null;
  return ((user + nice + system) * 1_000_000) / clockTicksPerSecond();
}
