/**
 * Reading a config file and checking a document exactly as a node will (schema, meaning, then a
 * compile with the built-in plugin catalog so plugin configs are checked too), before anything is
 * written to the bus: a refusal found here costs nothing, one found by the fleet costs a revision.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConfigIssue } from '../../core/config/config-issue.js';
import { parseConfigText } from '../../core/config/parse-config-text.js';
import type { SnapshotSummary } from '../../core/snapshot/snapshot.js';
import { checkConfigDocument as checkConfigWith } from '../../core/snapshot/check-config.js';
import { PluginCatalog } from '../../core/snapshot/plugin-catalog.js';
import { builtinPlugins } from '../../plugins/index.js';

/** A document read from a file, or why it could not be. */
export type ReadConfigResult =
  | { readonly ok: true; readonly origin: string; readonly document: unknown }
  | { readonly ok: false; readonly origin: string; readonly issues: readonly ConfigIssue[] };

/** Reads and parses a YAML or JSON config file; `origin` is its base name, for messages. */
export async function readConfigFile(path: string): Promise<ReadConfigResult> {
  const origin = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, origin, issues: [{ path: '', message: `cannot read ${path}: ${reason}` }] };
  }
  const parsed = parseConfigText(text, origin);
  return parsed.ok ? { ok: true, origin, document: parsed.document } : { ok: false, origin, issues: parsed.issues };
}

/** What a node would make of a document. */
export type CheckResult =
  | { readonly ok: true; readonly summary: SnapshotSummary }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Validates and compiles `document` with the built-in plugins, as a node does; the compiled
 * snapshot is retired at once (it opens no socket: pools connect lazily). With `compile: false`
 * only the schema and references are checked (for nodes that run plugins this CLI does not know).
 */
export async function checkConfigDocument(document: unknown, options: { compile: boolean; catalog?: PluginCatalog } = { compile: true }): Promise<CheckResult> {
  // The CLI checks against the plugins it ships (and, for apply, the registry's); the same function guards the admin API and nodes.
  return checkConfigWith(document, options.catalog ?? new PluginCatalog(builtinPlugins), { compile: options.compile });
}
