import type { ConfigIssue } from '../config/config-issue.js';
import { validateConfig } from '../config/validate-config.js';
import type { PluginLogger, SwitchReader } from '../../sdk/plugin/plugin.js';
import { compileSnapshot } from './compile-snapshot.js';
import type { PluginCatalog } from './plugin-catalog.js';
import { SharedResources } from './shared-resources.js';
import type { SnapshotSummary } from './snapshot.js';

const SILENT: PluginLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const NO_SWITCHES: SwitchReader = { get: () => undefined };

export type ConfigCheck = { readonly ok: true; readonly summary: SnapshotSummary } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * The one pre-write check, shared by the CLI, the admin API and (through the same functions) every
 * node: schema and meaning, then — unless `compile` is false — a full compile with `catalog`, which
 * checks plugin configs, routes and references exactly as a node will. The compiled snapshot is
 * retired at once: its plugin instances close, its pools never connected.
 */
export async function checkConfigDocument(
  document: unknown,
  catalog: PluginCatalog,
  options: { compile?: boolean; switches?: SwitchReader } = {},
): Promise<ConfigCheck> {
  const validated = validateConfig(document);
  if (!validated.ok) return validated;
  if (options.compile === false) {
    const { groups, apis, clusters, bindings } = validated.config;
    return { ok: true, summary: { groups: groups.length, apis: apis.length, clusters: clusters.length, bindings: bindings.length } };
  }
  const host = { switches: options.switches ?? NO_SWITCHES, loggerFor: () => SILENT };
  const compiled = await compileSnapshot(validated.config, 0, { resources: new SharedResources(), catalog, host });
  if (!compiled.ok) return compiled;
  compiled.snapshot.retire();
  return { ok: true, summary: compiled.snapshot.summary };
}
