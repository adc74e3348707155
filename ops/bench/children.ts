import { spawn, type ChildProcess } from 'node:child_process';

/** How a managed child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process this benchmark started and will always stop. */
export interface ManagedChild {
  /** Label for reports. */
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** Whether the process has already exited. */
  hasExited(): boolean;
  /** The last few KiB of stdout+stderr, to explain a failure. */
  outputTail(): string;
  /** SIGTERM to the child's process group, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<ChildExit>;
}

const OUTPUT_TAIL_BYTES = 4096;
const live = new Set<ManagedChild>();

/**
 * Spawns a command in its own process group (so a proxy's worker processes go with it) and registers
 * it for cleanup. stdin stays a pipe: our Node children exit when it closes, which covers the case
 * where this orchestrator dies without running its handlers.
 */
export function spawnManaged(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ManagedChild {
  const child = spawn(command, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
  let tail = '';
  const keepTail = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  child.stdin?.on('error', () => undefined);

  let exitedFlag = false;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      exitedFlag = true;
      keepTail(Buffer.from(`spawn error: ${err.message}\n`));
      resolve({ code: null, signal: null });
    });
  });

  const managed: ManagedChild = {
    name,
    pid: child.pid ?? -1,
    process: child,
    exited,
    hasExited: () => exitedFlag,
    outputTail: () => tail.trim(),
    async stop(graceMs = 3000): Promise<ChildExit> {
      if (!exitedFlag) {
        signalGroup(managed.pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(managed.pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Workers of a multi-process child (nginx) may outlive their master for a moment.
      signalGroup(managed.pid, 'SIGKILL');
      live.delete(managed);
      return exited;
    },
  };
  exited.then(() => child.stdin?.destroy(), () => undefined);
  live.add(managed);
  return managed;
}

/** Sends a signal to a whole process group we created; a vanished group is not an error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Synchronously SIGKILLs every live child group; safe to call from an exit handler. */
export function killAllChildren(): void {
  for (const child of live) signalGroup(child.pid, 'SIGKILL');
  live.clear();
}

/**
 * Makes sure no child outlives the run: on normal exit, on SIGINT/SIGTERM/SIGHUP and on a crash.
 * `onSignal` runs first (e.g. to remove the temp dir).
 */
export function installCleanupHandlers(onSignal: () => void): void {
  process.once('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping children\n`);
      killAllChildren();
      onSignal();
      process.exit(130);
    });
  }
}
