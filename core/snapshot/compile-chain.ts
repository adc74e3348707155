import { describeConfigPath, type ConfigIssue } from '../config/config-issue.js';
import type { ApiConfig, GantryConfig } from '../config/types.js';
import { FilterChain, type ChainLink } from '../pipeline/filter-chain.js';
import type { PluginDefinition } from '../../sdk/plugin/plugin.js';
import type { PluginCatalog } from './plugin-catalog.js';
import { checkPluginConfig } from './plugin-config.js';
import { resolveBindings } from './plugin-bindings.js';
import type { PluginHost } from './plugin-host.js';
import { stableJson, type ResourceLease } from './shared-resources.js';

/** A plugin attachment whose plugin exists and whose config fits its schema (defaults applied). */
interface CheckedAttachment {
  readonly definition: PluginDefinition;
  readonly config: unknown;
}

/** Looks the plugin up and checks its config; reports what is wrong under `at`. */
function checkAttachment(plugin: string, config: unknown, at: string, catalog: PluginCatalog, issues: ConfigIssue[]): CheckedAttachment | undefined {
  const definition = catalog.get(plugin);
  if (definition === undefined) {
    issues.push({ path: at, message: `unknown plugin "${plugin}" (known: ${catalog.names().join(', ') || 'none'})` });
    return undefined;
  }
  const checked = checkPluginConfig(definition.schema, config, `${at}.config`);
  if (!checked.ok) {
    issues.push(...checked.issues);
    return undefined;
  }
  return { definition, config: checked.config };
}

/**
 * Checks every top-level binding against the catalog, whether or not an API uses it yet: a binding
 * naming an unknown plugin must be refused even in a config with no API of its scope.
 */
export function checkBindingPlugins(config: GantryConfig, catalog: PluginCatalog, issues: ConfigIssue[]): void {
  config.bindings.forEach((binding, index) => {
    if (binding.enabled) checkAttachment(binding.plugin, binding.config, describeConfigPath(config, ['bindings', index]), catalog, issues);
  });
}

/**
 * Builds one API's filter chain: resolves which attachments apply, checks each config against its
 * plugin's schema, and acquires the instance (shared with the previous snapshot when the scope,
 * plugin version and config are unchanged, so plugin state survives unrelated changes).
 */
export async function compileChain(
  config: GantryConfig, api: ApiConfig, apiIndex: number,
  catalog: PluginCatalog, host: PluginHost, lease: ResourceLease, issues: ConfigIssue[],
): Promise<FilterChain> {
  const { bindings, conflicts } = resolveBindings(config, api, apiIndex);
  issues.push(...conflicts);
  const links: ChainLink[] = [];
  for (const binding of bindings) {
    const checked = checkAttachment(binding.plugin, binding.config, binding.at, catalog, issues);
    if (checked === undefined) continue;
    const { definition } = checked;
    const key = `plugin:${binding.scopeId}:${definition.name}@${definition.version}:${stableJson(checked.config)}`;
    try {
      const instance = await lease.acquireAsync(
        key,
        async () => definition.create(checked.config as never, { pluginName: definition.name, log: host.loggerFor(definition.name), switches: host.switches }),
        (created) => created.close?.(),
      );
      links.push({
        plugin: definition.name,
        version: definition.version,
        priority: binding.priority ?? definition.priority,
        scope: binding.scopeId.startsWith('api:') ? 'api' : binding.scopeId,
        requestBody: definition.requestBody === true,
        instance,
      });
    } catch (error) {
      issues.push({ path: binding.at, message: `plugin ${definition.name} failed to start: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return new FilterChain(links);
}
