import type { ConfigIssue } from '../config/config-issue.js';
import type { ApiConfig, GantryConfig } from '../config/types.js';
import { FilterChain, type ChainLink } from '../pipeline/filter-chain.js';
import type { PluginCatalog } from './plugin-catalog.js';
import { checkPluginConfig } from './plugin-config.js';
import { resolveBindings } from './plugin-bindings.js';
import type { PluginHost } from './plugin-host.js';
import { stableJson, type ResourceLease } from './shared-resources.js';

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
  for (const conflict of conflicts) {
    const [path = '', message = conflict] = conflict.split(/: (.*)/s);
    issues.push({ path, message });
  }
  const links: ChainLink[] = [];
  for (const binding of bindings) {
    const definition = catalog.get(binding.plugin);
    if (definition === undefined) {
      issues.push({ path: binding.at, message: `unknown plugin "${binding.plugin}" (known: ${catalog.names().join(', ') || 'none'})` });
      continue;
    }
    const checked = checkPluginConfig(definition.schema, binding.config, `${binding.at}.config`);
    if (!checked.ok) {
      issues.push(...checked.issues);
      continue;
    }
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
