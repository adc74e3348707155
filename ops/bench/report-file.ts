import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Prints a finished report and keeps a copy under `ops/bench/out/` (git-ignored); returns its path. */
export function publishReport(repoRoot: string, fileName: string, report: string): string {
  process.stdout.write(`\n${report}`);
  const outDir = join(repoRoot, 'ops', 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, fileName);
  writeFileSync(outFile, report);
  return outFile;
}
