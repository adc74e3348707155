/**
 * Reads config text (YAML 1.2; JSON is a subset, so `.json` files read the same way) into a plain
 * document for `validateConfig`. Anything the YAML parser would otherwise let through with a
 * guess is refused with its line and column: duplicate keys, unknown tags, a second document.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { ConfigIssue } from './config-issue.js';

/** Outcome of {@link parseConfigText}. */
export type ParseResult =
  | { readonly ok: true; readonly document: unknown }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

// Bounds alias expansion ("billion laughs"); a real config has no reason to come near it.
const maxAliasCount = 100;

/**
 * Parses `text`. Issues carry the root path '' and say "line L, column C"; `_origin` (the file name
 * or KV key) is not repeated in them, since `formatIssues` puts it in front of every line.
 * An empty document (nothing but comments) is refused here rather than reported as "not an object".
 */
export function parseConfigText(text: string, _origin: string): ParseResult {
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = [...parsed.errors, ...parsed.warnings];
  if (problems.length > 0) {
    return { ok: false, issues: problems.map((problem) => issueAt(problem, lineCounter)) };
  }
  if (parsed.contents === null) return { ok: false, issues: [{ path: '', message: 'the document is empty' }] };
  try {
    return { ok: true, document: parsed.toJS({ maxAliasCount }) };
  } catch (error) {
    // Raised for unresolved or excessive aliases, which the parser itself does not flag.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: '', message: `YAML problem: ${reason}` }] };
  }
}

function issueAt(problem: YAMLError, lineCounter: LineCounter): ConfigIssue {
  const { line, col } = lineCounter.linePos(problem.pos[0]);
  const kind = problem.name === 'YAMLWarning' ? 'YAML problem' : 'YAML syntax error';
  return { path: '', message: `${kind} at line ${Math.max(line, 1)}, column ${col}: ${problem.message}` };
}
