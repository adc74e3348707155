import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuPlan } from './pinning.js';

/** What every part of a run needs to know about this machine and this run. */
export interface RunContext {
  /** Scratch directory for configs, logs and nginx prefixes; removed at the end. */
  tmpDir: string;
  cpu: CpuPlan;
  /** nginx binary, or null when it is not installed. */
  nginx: { binary: string; version: string } | null;
  /** Directory holding the compiled bench scripts (peers are under ./peers). */
  benchDir: string;
  /** The repository root (where package.json is). */
  repoRoot: string;
}

/** The directory of the compiled bench files, next to which the peer scripts are. */
export function compiledBenchDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Walks up from `start` to the directory with package.json. The bench runs from dist/ops/bench, so a
 * fixed number of `..` would break when it is run from elsewhere (e.g. a temporary build dir).
 */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
