import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The compiled files holding the call path's tracing hooks (see core/pipeline/call-trace.ts). */
const HOOKED_FILES = ['core/pipeline/call-handler.js', 'core/pipeline/filter-phases.js', 'core/invoke/http/http-call.js'];

/** A compiled line that belongs to a tracing hook. */
const HOOK_LINE = /\btracer\b|\battemptTrace\b|\bexchange\.trace\b|\btrace\.startPlugin\b|\bspan\??\.ended\b|^\s*const (trace|span) = /;

/**
 * Drops every tracing hook line from compiled JS, with the body line of a braceless `if` whose
 * condition is a hook (tsc prints `if (x) y;` on two lines), and an `if` whose body is one.
 * Returns the text and how many lines went.
 */
export function stripTracingHooks(js: string): { text: string; removed: number } {
  const lines = js.split('\n');
  const drop = new Set<number>();
  const bracelessIf = (line: string | undefined): boolean => line !== undefined && /^\s*if \(.*\)\s*$/.test(line);
  lines.forEach((line, i) => {
    if (!HOOK_LINE.test(line)) return;
    drop.add(i);
    if (bracelessIf(line)) drop.add(i + 1);
    if (bracelessIf(lines[i - 1])) drop.add(i - 1);
  });
  return { text: lines.filter((_, i) => !drop.has(i)).join('\n'), removed: drop.size };
}

/**
 * A copy of the built gateway (`dist/`) with the tracing hooks taken out of the call path: the same
 * sources otherwise, so "tracing off" can be compared with "no tracing code at all". It lives
 * inside the repository (`ops/bench/out/`) so that its imports still resolve to node_modules.
 * Returns the copy's CLI entry and a remover, or throws when a hook file no longer matches.
 */
export function buildWithoutTracing(distDir: string, outDir: string): { main: string; remove: () => void } {
  const copy = join(outDir, 'no-tracing-dist');
  rmSync(copy, { recursive: true, force: true });
  cpSync(distDir, copy, { recursive: true, filter: (source) => !source.endsWith('.map') && !source.endsWith('.d.ts') });
  for (const file of HOOKED_FILES) {
    const path = join(copy, file);
    const { text, removed } = stripTracingHooks(readFileSync(path, 'utf8'));
    if (removed === 0 || text.split('\n').some((line) => HOOK_LINE.test(line))) throw new Error(`${file}: tracing hooks not found where expected; rebuild or update no-tracing-build.ts`);
    writeFileSync(path, text);
  }
  return { main: join(copy, 'ops', 'cli', 'main.js'), remove: () => rmSync(copy, { recursive: true, force: true }) };
}
